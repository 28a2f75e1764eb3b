import crypto from 'node:crypto';
import fs from 'node:fs';
import vm from 'node:vm';
import { createClient, type Client, type ClientOptions } from 'graphql-ws';
import WebSocket from 'ws';
import { signUp, startTestApp, type TestApp } from '../../test/harness';

const browserAccept = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

async function openInBrowser(baseUrl: string, path = '/graphql') {
  const response = await fetch(`${baseUrl}${path}`, { headers: { accept: browserAccept } });
  return { response, body: await response.text() };
}

/** The same-origin URLs the page loads (scripts and style sheets), in page order. */
function pageResources(html: string): string[] {
  return [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="([^"]*)"/g)].map((match) => match[1]!);
}

function dataAttributes(html: string): Record<string, string> {
  const element = /<div id="graphiql"([^>]*)>/.exec(html)![1]!;
  const camel = (name: string) => name.replace(/-([a-z])/g, (_all, letter: string) => letter.toUpperCase());
  return Object.fromEntries(
    [...element.matchAll(/data-([a-z-]+)="([^"]*)"/g)].map((match) => [camel(match[1]!), match[2]!]),
  );
}

/**
 * What a browser does for the IDE's boot script, and no more: a cookie jar filled by Set-Cookie,
 * sent with `credentials: 'include'` requests and WebSocket upgrades; `document.cookie` shows the
 * cookies that are not httpOnly.
 */
class BrowserCookies {
  private readonly jar = new Map<string, { value: string; httpOnly: boolean }>();

  store(response: Response): void {
    for (const setCookie of response.headers.getSetCookie()) {
      const [pair, ...attributes] = setCookie.split(';').map((part) => part.trim());
      const separator = pair!.indexOf('=');
      const name = pair!.slice(0, separator);
      const value = pair!.slice(separator + 1);
      const expired = attributes.some((attribute) =>
        /^(max-age=0|expires=thu, 01 jan 1970)/i.test(attribute),
      );
      if (expired || value === '') this.jar.delete(name);
      else this.jar.set(name, { value, httpOnly: attributes.some((a) => a.toLowerCase() === 'httponly') });
    }
  }

  header(): string {
    return [...this.jar].map(([name, { value }]) => `${name}=${value}`).join('; ');
  }

  visibleToScripts(): string {
    return [...this.jar]
      .filter(([, cookie]) => !cookie.httpOnly)
      .map(([name, { value }]) => `${name}=${value}`)
      .join('; ');
  }
}

/** Runs the IDE's boot script as the page would, with GraphiQL and React replaced by recorders. */
async function bootIde(testApp: TestApp, cookies: BrowserCookies) {
  const { body: html } = await openInBrowser(testApp.baseUrl);
  const bootScriptUrl = pageResources(html).find((url) => url.endsWith('/ide.js'))!;
  const bootScript = await (await fetch(`${testApp.baseUrl}${bootScriptUrl}`)).text();
  const requests: { url: string; init: RequestInit }[] = [];
  const sockets: Client[] = [];
  let fetcherOptions: Record<string, any> | undefined;
  let rendered: { component: unknown; props: Record<string, unknown> } | undefined;

  const browserFetch = async (url: string, init: RequestInit = {}) => {
    requests.push({ url, init });
    const headers = new Headers(init.headers);
    if (init.credentials === 'include' && cookies.header()) headers.set('cookie', cookies.header());
    const response = await fetch(new URL(url, testApp.baseUrl), { ...init, headers });
    cookies.store(response);
    return response;
  };
  class BrowserWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { cookie: cookies.header() } });
    }
  }
  const GraphiQL = Object.assign(function GraphiQL() {}, {
    createFetcher: (options: Record<string, any>) => {
      fetcherOptions = options;
      return function fetcher() {};
    },
  });
  const container = { dataset: dataAttributes(html) };
  vm.runInNewContext(bootScript, {
    document: {
      getElementById: (id: string) => (id === 'graphiql' ? container : null),
      get cookie() {
        return cookies.visibleToScripts();
      },
    },
    location: { protocol: 'http:', host: new URL(testApp.baseUrl).host },
    Headers,
    fetch: browserFetch,
    graphqlWs: {
      createClient: (options: ClientOptions) => {
        const socket = createClient({ ...options, webSocketImpl: BrowserWebSocket, retryAttempts: 0 });
        sockets.push(socket);
        return socket;
      },
    },
    GraphiQL,
    React: {
      createElement: (component: unknown, props: Record<string, unknown>) => ({ component, props }),
    },
    ReactDOM: { createRoot: () => ({ render: (element: typeof rendered) => (rendered = element) }) },
  });

  /** An operation sent the way GraphiQL's fetcher sends it: through the fetch it was given. */
  const graphql = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await (fetcherOptions!['fetch'] as typeof browserFetch)(fetcherOptions!['url'], {
      method: 'POST',
      body: JSON.stringify({ query, variables }),
      headers: { 'content-type': 'application/json' },
    });
    return (await response.json()) as { data?: Record<string, any>; errors?: { extensions?: any }[] };
  };
  const overWebsocket = (query: string) =>
    new Promise<unknown>((resolve, reject) => {
      const results: unknown[] = [];
      (fetcherOptions!['wsClient'] as Client).subscribe(
        { query },
        { next: (result) => results.push(result), error: reject, complete: () => resolve(results[0]) },
      );
    });
  return {
    graphql,
    overWebsocket,
    requests,
    get fetcherOptions() {
      return fetcherOptions;
    },
    get rendered() {
      return rendered;
    },
    close: async () => {
      for (const socket of sockets) await socket.dispose();
    },
  };
}

describe('GraphQL IDE (GET /graphql in a browser)', () => {
  let testApp: TestApp;

  beforeAll(async () => {
    testApp = await startTestApp({ NODE_ENV: 'development' });
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers GraphiQL to a browser, under its own content security policy, loading nothing from elsewhere', async () => {
    // when a browser opens /graphql
    const { response, body } = await openInBrowser(testApp.baseUrl);

    // then it gets an HTML page whose every resource is served by this server
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(body).toContain('<div id="graphiql"');
    expect(body).not.toMatch(/(https?:)?\/\/[A-Za-z0-9]/);
    const resources = pageResources(body);
    expect(resources.length).toBeGreaterThanOrEqual(6);
    for (const url of resources) expect(url).toMatch(/^\/graphiql\/assets\/[a-z.-]+$/);
    const policy = response.headers.get('content-security-policy')!;
    expect(policy).toContain("script-src 'self'");
    expect(policy).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+ wss:\/\/127\.0\.0\.1:\d+/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).not.toContain('unsafe-eval');
    // the page names the session's real CSRF cookie and header
    expect(dataAttributes(body)).toEqual({
      endpoint: '/graphql',
      csrfCookie: 'cs_csrf',
      csrfHeader: 'x-csrf-token',
    });
  });

  it('serves each script and style sheet from the installed packages with its content type, revalidated by etag', async () => {
    // given the page's resources
    const { body } = await openInBrowser(testApp.baseUrl);
    const resources = pageResources(body);

    // when each is fetched
    const answers = await Promise.all(
      resources.map(async (url) => {
        const response = await fetch(`${testApp.baseUrl}${url}`);
        return { url, response, bytes: Buffer.from(await response.arrayBuffer()) };
      }),
    );

    // then each is there, typed, and the packaged files are served as installed
    for (const { url, response, bytes } of answers) {
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
      expect(response.headers.get('content-type')).toBe(
        url.endsWith('.css') ? 'text/css; charset=utf-8' : 'text/javascript; charset=utf-8',
      );
      expect(bytes.length).toBeGreaterThan(0);
    }
    const graphiql = answers.find(({ url }) => url.endsWith('/graphiql.min.js'))!;
    expect(graphiql.bytes.equals(fs.readFileSync(require.resolve('graphiql/graphiql.min.js')))).toBe(true);
    expect(resources.map((url) => url.split('/').pop())).toEqual(
      expect.arrayContaining([
        'react.production.min.js',
        'react-dom.production.min.js',
        'graphql-ws.min.js',
        'graphiql.min.css',
      ]),
    );
    // and a browser that has a copy revalidates it without downloading it again
    const etag = graphiql.response.headers.get('etag')!;
    const again = await fetch(`${testApp.baseUrl}/graphiql/assets/graphiql.min.js`, {
      headers: { 'if-none-match': etag },
    });
    expect(again.status).toBe(304);
    for (const name of ['nope.js', '__proto__', 'constructor', '..%2Fpackage.json']) {
      expect((await fetch(`${testApp.baseUrl}/graphiql/assets/${name}`)).status).toBe(404);
    }
  });

  it("leaves Apollo's GET operations and clients that do not ask for HTML to Apollo", async () => {
    const query = encodeURIComponent('{ __typename }');

    const getOperation = await fetch(`${testApp.baseUrl}/graphql?query=${query}`, {
      headers: { accept: browserAccept, 'apollo-require-preflight': 'true' },
    });
    const jsonClient = await fetch(`${testApp.baseUrl}/graphql`, { headers: { accept: 'application/json' } });

    expect(getOperation.status).toBe(200);
    expect(await getOperation.json()).toEqual({ data: { __typename: 'Query' } });
    expect(jsonClient.headers.get('content-type')).not.toContain('text/html');
  });

  it('sends the session cookies, the CSRF header and the preflight header, and reads a new CSRF cookie after logIn', async () => {
    // given an account, and a browser that opens the IDE before signing in
    const { email, password, userId } = await signUp(testApp.baseUrl);
    const cookies = new BrowserCookies();
    const ide = await bootIde(testApp, cookies);
    expect(ide.rendered?.props['fetcher']).toEqual(expect.any(Function));

    // when it signs in from the IDE, then asks who it is over HTTP and over graphql-ws
    const logIn = await ide.graphql(
      `mutation ($input: LogInInput!) { logIn(input: $input) { user { id } errors { code } } }`,
      { input: { email, password } },
    );
    const me = await ide.graphql('{ me { id } }');
    const meOverWebsocket = await ide.overWebsocket('{ me { id } }');
    await ide.close();

    // then every answer is the signed-in user: the cookies and the echoed CSRF cookie went along
    expect(logIn.data?.['logIn']).toEqual({ user: { id: userId }, errors: [] });
    expect(me).toEqual({ data: { me: { id: userId } } });
    expect(meOverWebsocket).toEqual({ data: { me: { id: userId } } });
    const sent = ide.requests[1]!;
    expect(sent.init.credentials).toBe('include');
    const headers = new Headers(sent.init.headers);
    expect(headers.get('apollo-require-preflight')).toBe('true');
    expect(headers.get('x-csrf-token')).toMatch(/.{16,}/);
    expect(ide.fetcherOptions?.['url']).toBe('/graphql');
  });
});

describe('GraphQL IDE outside development', () => {
  const productionEnv = {
    NODE_ENV: 'production',
    GRAPHQL_IDE: 'true',
    JWT_SECRET: crypto.randomBytes(32).toString('base64'),
    CODE_ENCRYPTION_KEYS: `k1:${crypto.randomBytes(32).toString('base64')}`,
    FINGERPRINT_KEY: crypto.randomBytes(32).toString('base64'),
    ATTACHMENT_SIGNING_KEY: crypto.randomBytes(32).toString('base64'),
    STRIPE_EMULATOR: 'true',
  };

  it.each([
    ['production, even with GRAPHQL_IDE=true', productionEnv],
    ['development with GRAPHQL_IDE=false', { NODE_ENV: 'development', GRAPHQL_IDE: 'false' }],
  ])('is not served in %s', async (_name, env) => {
    const testApp = await startTestApp(env);
    try {
      const { response, body } = await openInBrowser(testApp.baseUrl);
      const asset = await fetch(`${testApp.baseUrl}/graphiql/assets/graphiql.min.js`);

      expect(response.headers.get('content-type')).not.toContain('text/html');
      expect(body).not.toContain('graphiql');
      expect(asset.status).toBe(404);
    } finally {
      await testApp.close();
    }
  });
});
