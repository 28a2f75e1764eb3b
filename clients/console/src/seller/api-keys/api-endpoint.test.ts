import { exampleRequest, graphqlEndpoint } from './api-endpoint';

describe('the API endpoint shown with the keys', () => {
  it("is /graphql on the console's origin, whatever the console's own path", () => {
    expect(graphqlEndpoint('https://codesale.example')).toBe('https://codesale.example/graphql');
    expect(graphqlEndpoint('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000/graphql');
  });

  it('is what the example request posts to, with the key in x-api-key', () => {
    const example = exampleRequest('https://codesale.example/graphql');
    expect(example).toContain('curl -s https://codesale.example/graphql');
    expect(example).toContain('x-api-key: $API_KEY');
  });
});
