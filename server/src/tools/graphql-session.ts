/**
 * A minimal cookie-keeping GraphQL client for the seed and the benchmark: they drive the real API
 * over HTTP, as a browser would (session cookies plus the double-submit CSRF header).
 */
export interface GraphqlAnswer<T> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

export class GraphqlSession {
  private cookie = '';
  private csrf = '';

  constructor(private readonly url: string) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}): Promise<GraphqlAnswer<T>> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(this.cookie ? { cookie: this.cookie, 'x-csrf-token': this.csrf } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
    const cookies = response.headers.getSetCookie().map((value) => value.split(';')[0]!);
    if (cookies.length > 0) {
      this.cookie = cookies.join('; ');
      // `__Host-cs_csrf` when the server's cookies are Secure (https), `cs_csrf` otherwise.
      const csrfCookie = cookies.find((value) => /^(__Host-)?cs_csrf=/.test(value));
      this.csrf = csrfCookie?.slice(csrfCookie.indexOf('=') + 1) ?? '';
    }
    return (await response.json()) as GraphqlAnswer<T>;
  }

  /** Runs an operation that must succeed without GraphQL errors, and returns its data. */
  async data<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const answer = await this.request<T>(query, variables);
    if (answer.errors?.length || !answer.data) {
      throw new Error(`GraphQL request failed: ${JSON.stringify(answer.errors ?? answer)}`);
    }
    return answer.data;
  }
}
