import type { FastifyRequest } from 'fastify';
import { graphqlRequestOf, searchOf } from './graphql-handler';

/** What Apollo does with `search`: it reads the parameters of a GET. */
function parameters(search: string): [string, string][] {
  return [...new URLSearchParams(search)];
}

describe('searchOf', () => {
  const targets = [
    '/graphql',
    '/graphql?',
    '/graphql?query=%7B%20__typename%20%7D',
    '/graphql?query={ me { id } }&variables={"first":2}',
    '/graphql?query=query Q($a: Int) { x(a: $a) }&operationName=Q&variables=%7B%22a%22%3A1%7D',
    '/graphql?a=1&a=2&b=&c',
    '/graphql?a=1+2&b=%2B',
    '/graphql?a=1#fragment',
    '/graphql?#',
    '/graphql?a=%ZZ&b=%',
    '/graphql?q=été&r=%C3%A9',
    '/graphql??a=1',
    '/graphql?a=?b',
  ];

  test.each(targets)('%s gives Apollo the parameters URL#search gives', (target) => {
    const viaUrl = new URL(target, 'http://127.0.0.1/').search;
    expect(parameters(searchOf(target))).toEqual(parameters(viaUrl));
    expect(searchOf(target) === '').toBe(viaUrl === '');
  });
});

describe('graphqlRequestOf', () => {
  test('passes the method, the body, the query string and every header, lists joined', () => {
    const body = { query: '{ __typename }' };
    const request = {
      method: 'POST',
      url: '/graphql?x=1',
      body,
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json',
        'x-forwarded-for': ['10.0.0.1', '10.0.0.2'],
        empty: '',
        absent: undefined,
      },
    } as unknown as FastifyRequest;
    const converted = graphqlRequestOf(request);
    expect(converted.method).toBe('POST');
    expect(converted.body).toBe(body);
    expect(converted.search).toBe('?x=1');
    expect([...converted.headers]).toEqual([
      ['content-type', 'application/json'],
      ['accept', 'application/graphql-response+json'],
      ['x-forwarded-for', '10.0.0.1, 10.0.0.2'],
    ]);
  });
});
