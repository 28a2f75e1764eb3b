import { buildSchema } from 'graphql';
import { loadConfig } from '../config';
import { checkHttpRequestLimits, documentLimits } from './request-limits';

/** A variable-free document's check is kept; it must still be made under each app's own limits. */
describe('checkHttpRequestLimits', () => {
  const schema = buildSchema('type Query { node: Node } type Node { id: ID child: Node }');
  const text = '{ node { child { child { id } } } }';
  const limitsOf = (maxDepth: string) =>
    documentLimits(loadConfig({ ...process.env, GRAPHQL_MAX_DEPTH: maxDepth }).graphql);

  it('answers a repeated document the same way, under each set of limits its own way', () => {
    // given two apps' limits, one deep enough for the document and one not
    const generous = limitsOf('10');
    const tight = limitsOf('2');

    // when the same text is checked under each, twice, in turn
    const answers = [generous, tight, generous, tight].map(
      (limits) => checkHttpRequestLimits(schema, limits, 10_000, { query: text })?.extensions['code'] ?? null,
    );

    // then each set of limits keeps its own answer
    expect(answers).toEqual([null, 'DEPTH_LIMIT_EXCEEDED', null, 'DEPTH_LIMIT_EXCEEDED']);
  });

  it("checks a document with variables against each request's variables", () => {
    const limits = documentLimits(loadConfig({ ...process.env, GRAPHQL_MAX_COST: '50' }).graphql);
    const paged = buildSchema('type Query { items(first: Int!): [Item!]! } type Item { id: ID }');
    const query = 'query ($first: Int!) { items(first: $first) { id } }';
    const codeFor = (first: number) =>
      checkHttpRequestLimits(paged, limits, 10_000, { query, variables: { first } })?.extensions['code'] ??
      null;

    expect([codeFor(5), codeFor(5_000), codeFor(5)]).toEqual([null, 'COST_LIMIT_EXCEEDED', null]);
  });
});
