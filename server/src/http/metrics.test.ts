import { ConfigError, loadConfig } from '../config';
import { startTestApp, type TestApp } from '../../test/harness';
import { productionEnvironment } from '../../test/production-env';

const metricsToken = 'metrics-token-0123456789abcdef0123456789';

function getMetrics(testApp: TestApp, authorization?: string): Promise<Response> {
  return fetch(`${testApp.baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
}

describe('GET /metrics behind METRICS_TOKEN', () => {
  describe('given production without METRICS_TOKEN', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(productionEnvironment());
    });
    afterAll(async () => {
      await testApp.close();
    });

    it('when anyone asks for /metrics, then 404 and no metric', async () => {
      const response = await getMetrics(testApp);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('codesale_');
    });
  });

  describe('given production with METRICS_TOKEN', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp(productionEnvironment({ METRICS_TOKEN: metricsToken }));
    });
    afterAll(async () => {
      await testApp.close();
    });

    test.each([
      ['no Authorization header', undefined],
      ['a wrong bearer token', `Bearer ${metricsToken.slice(0, -1)}x`],
      ['the token without the Bearer scheme', metricsToken],
    ])('when a scraper sends %s, then 401 and no metric', async (_case, authorization) => {
      const response = await getMetrics(testApp, authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.text()).not.toContain('codesale_');
    });

    it('when a scraper sends the bearer token, then 200 with the metrics', async () => {
      const response = await getMetrics(testApp, `Bearer ${metricsToken}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('# TYPE codesale_http_request_duration_seconds histogram');
    });
  });

  it('given a METRICS_TOKEN shorter than 32 characters, then the configuration is refused', () => {
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(ConfigError);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
