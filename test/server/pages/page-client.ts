// A browser without a browser for the page tests: a cookie jar, form posts with the page's CSRF
// token, and no redirects followed automatically (tests assert the POST/redirect/GET).
export interface PageResponse {
  readonly status: number;
  readonly location: string | null;
  readonly text: string;
  readonly contentType: string;
}

export const PASSWORD = 'correct horse battery staple';

function hiddenValue(html: string, name: string): string {
  const m = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (m?.[1] === undefined) throw new Error(`the page has no ${name} field`);
  return m[1];
}

export class PageClient {
  private readonly cookies = new Map<string, string>();

  constructor(private readonly baseUrl: string) {}

  private remember(res: Response): void {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const [name, ...rest] = (pair ?? '').split('=');
      if (name === undefined) continue;
      const value = rest.join('=');
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(path: string): Promise<PageResponse> {
    const res = await fetch(`${this.baseUrl}${path}`, { headers: { cookie: this.cookieHeader() }, redirect: 'manual' });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
  }

  /** Posts a urlencoded form; `csrf` false leaves the token out (to test the refusal). */
  async post(path: string, fields: Record<string, string>, options: { csrfFrom?: string; csrf?: boolean } = {}): Promise<PageResponse> {
    const body = new URLSearchParams(fields);
    if (options.csrf !== false) body.set('_csrf', hiddenValue((await this.get(options.csrfFrom ?? '/ui')).text, '_csrf'));
    const res = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
  }

  async login(username: string, password = PASSWORD): Promise<PageResponse> {
    const form = await this.get('/ui/login');
    const body = new URLSearchParams({ _login: hiddenValue(form.text, '_login'), username, password });
    const res = await fetch(`${this.baseUrl}/ui/login`, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
      redirect: 'manual',
    });
    this.remember(res);
    return { status: res.status, location: res.headers.get('location'), text: await res.text(), contentType: res.headers.get('content-type') ?? '' };
  }
}
