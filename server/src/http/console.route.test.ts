import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { consoleIsBuilt, consoleNotBuiltHint, consoleSecurityPolicy } from './console.route';
import { capturedLog, startTestApp, type TestApp } from '../../test/harness';

/** A console build as Vite lays it out: index.html naming hashed files under assets/. */
function writeBuild(directory: string): void {
  fs.mkdirSync(path.join(directory, 'assets'), { recursive: true });
  fs.writeFileSync(
    path.join(directory, 'index.html'),
    '<!doctype html><html><head><script type="module" src="/console/assets/index-Abc123.js"></script></head>' +
      '<body><div id="root"></div></body></html>\n',
  );
  fs.writeFileSync(path.join(directory, 'assets', 'index-Abc123.js'), 'console.log("console");\n');
  fs.writeFileSync(path.join(directory, 'assets', 'index-Def456.css'), 'body { margin: 0 }\n');
  // Copied from public/ as it is: no hash in its name.
  fs.writeFileSync(path.join(directory, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n');
}

function temporaryDirectory(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'codesale-console-dist-'));
}

const get = (testApp: TestApp, pathname: string, init: RequestInit = {}) =>
  fetch(`${testApp.baseUrl}${pathname}`, { redirect: 'manual', ...init });

describe('the console at /console/', () => {
  describe('given a built console', () => {
    let testApp: TestApp;
    let directory: string;
    beforeAll(async () => {
      directory = temporaryDirectory();
      writeBuild(directory);
      testApp = await startTestApp({ CONSOLE_DIST_DIR: directory });
    });
    afterAll(async () => {
      await testApp.close();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('when a browser opens /console/, then index.html, revalidated at each load, under the console policy', async () => {
      const response = await get(testApp, '/console/');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(await response.text()).toContain('<div id="root">');
      const policy = response.headers.get('content-security-policy')!;
      const host = new URL(testApp.baseUrl).host;
      expect(policy).toContain("script-src 'self'");
      expect(policy).toContain("style-src 'self' 'unsafe-inline'");
      expect(policy).toContain(`connect-src 'self' ws://${host} wss://${host}`);
      expect(policy).toContain("img-src 'self' data: blob:");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(policy).not.toMatch(/script-src[^;]*unsafe/);
    });

    it.each([
      '/console/support/disputes',
      '/console/admin/ledger/accounts/abc?tab=entries',
      '/console/login',
    ])('when a browser opens the console URL %s, then index.html (the router owns it)', async (pathname) => {
      const response = await get(testApp, pathname);
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(await response.text()).toContain('<div id="root">');
    });

    it('when a hashed asset is asked for, then it is served with a year-long immutable cache', async () => {
      const script = await get(testApp, '/console/assets/index-Abc123.js');
      expect(script.status).toBe(200);
      expect(script.headers.get('content-type')).toMatch(/javascript/);
      expect(script.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await script.text()).toContain('console.log');
      const styles = await get(testApp, '/console/assets/index-Def456.css');
      expect(styles.headers.get('content-type')).toMatch(/^text\/css/);
    });

    it('when an unhashed file (from public/) is asked for, then it is revalidated, not cached for a year', async () => {
      const response = await get(testApp, '/console/favicon.svg');
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
    });

    it('when a hashed asset is missing (a tab older than the build), then 404, not index.html', async () => {
      const response = await get(testApp, '/console/assets/index-Gone99.js');
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('<div id="root">');
    });

    it('when something other than GET asks for a console path, then 404', async () => {
      const response = await get(testApp, '/console/support', { method: 'POST', body: '{}' });
      expect(response.status).toBe(404);
    });

    it('when a path climbs out of the build folder, then no file outside it is served', async () => {
      for (const pathname of ['/console/../package.json', '/console/%2e%2e/%2e%2e/package.json']) {
        const response = await get(testApp, pathname);
        expect(await response.text()).not.toContain('"name"');
      }
    });

    it('when / or /console is opened, then the browser is sent to /console/', async () => {
      const root = await get(testApp, '/');
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('/console/');
      const bare = await get(testApp, '/console');
      expect([301, 302]).toContain(bare.status);
      expect(bare.headers.get('location')).toBe('/console/');
    });

    it('when any other route answers, then it keeps the strict policy', async () => {
      for (const pathname of ['/healthz', '/graphql?query=%7B__typename%7D']) {
        const response = await get(testApp, pathname, { headers: { 'apollo-require-preflight': 'true' } });
        const policy = response.headers.get('content-security-policy')!;
        // helmet's policy (app.ts): nothing may be fetched, so no page can run there.
        expect(policy).toContain("default-src 'none'");
        expect(policy).not.toContain('connect-src');
        expect(policy).not.toBe(consoleSecurityPolicy(new URL(testApp.baseUrl).host));
      }
    });
  });

  describe('given no build', () => {
    let testApp: TestApp;
    let directory: string;
    let log: ReturnType<typeof capturedLog>;
    beforeAll(async () => {
      directory = temporaryDirectory();
      log = capturedLog('warn');
      testApp = await startTestApp({ CONSOLE_DIST_DIR: path.join(directory, 'dist') }, { log: log.log });
    });
    afterAll(async () => {
      await testApp.close();
      fs.rmSync(directory, { recursive: true, force: true });
    });

    it('then consoleIsBuilt says so, and the hint main.ts prints at start names the build command', () => {
      expect(consoleIsBuilt(testApp.services.config)).toBe(false);
      expect(consoleNotBuiltHint).toContain('npm run build -w clients/console');
      // Starting is not a warning of the app's own: tests that count warnings see none from here.
      expect(log.lines.filter((line) => /console is not built/.test(String(line['msg'])))).toEqual([]);
    });

    it('when a browser opens /console/, then 503 saying which command builds it, and the API still works', async () => {
      for (const pathname of ['/console/', '/console/support/disputes', '/console/assets/index-Abc123.js']) {
        const response = await get(testApp, pathname);
        expect(response.status).toBe(503);
        expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
        expect(await response.text()).toContain('npm run build -w clients/console');
      }
      expect((await get(testApp, '/healthz')).status).toBe(200);
    });

    it('when the console is built while the API runs, then it is served without a restart', async () => {
      writeBuild(path.join(directory, 'dist'));
      const response = await get(testApp, '/console/');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
    });
  });

  describe('given the store running apart (STOREFRONT_URL, as npm start sets it)', () => {
    let testApp: TestApp;
    beforeAll(async () => {
      testApp = await startTestApp({ STOREFRONT_URL: 'http://localhost:3999/' });
    });
    afterAll(async () => {
      await testApp.close();
    });

    it('when / is opened (the console’s "Go to the store"), then the browser is sent to the store', async () => {
      const root = await get(testApp, '/');
      expect(root.status).toBe(302);
      expect(root.headers.get('location')).toBe('http://localhost:3999/');
    });
  });
});
