import { startTestApp, signUp, type TestApp } from './harness';

describe('platform', () => {
  let testApp: TestApp;
  beforeAll(async () => {
    testApp = await startTestApp();
  });
  afterAll(async () => {
    await testApp.close();
  });

  it('answers { __typename } over HTTP', async () => {
    const { client } = await signUp(testApp.baseUrl);
    const data = await client.data<{ __typename: string; me: { email: string } }>(
      '{ __typename me { email } }',
    );
    expect(data.__typename).toBe('Query');
    expect(data.me.email).toMatch(/@example.test$/);
  });
});
