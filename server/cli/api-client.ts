// A small client for the keygate API, for the CLI commands that act over HTTP.
import { assertNoPrivateKey } from '../../pki/index.ts';
import type { ClientConfig } from '../config.ts';

export class ApiError extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

export class ApiClient {
  constructor(private readonly config: ClientConfig) {}

  async get<T>(path: string): Promise<T> {
    return this.call<T>('GET', path, undefined);
  }

  /** The log origin: the first line of the published checkpoint. Signed statements name it. */
  async origin(): Promise<string> {
    const checkpoint = await this.call<unknown>('GET', '/log/checkpoint', undefined);
    const origin = typeof checkpoint === 'string' ? checkpoint.split('\n')[0] : undefined;
    if (origin === undefined || origin === '') throw new ApiError(0, 'checkpoint-unreadable', 'the server published no checkpoint to read the log origin from');
    return origin;
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    return this.call<T>('POST', path, body);
  }

  /**
   * Sends a document's bytes as they are (an upload). The caller has scanned them for private key
   * material already (scanDocument, which also reads archives and PDFs); the path is scanned here.
   */
  async postBytes<T>(path: string, bytes: Uint8Array, mediaType: string): Promise<T> {
    assertNoPrivateKey(path, { where: 'the request path' });
    return this.send<T>('POST', path, { 'content-type': mediaType }, bytes);
  }

  /** Refuses locally to send private key material (in the path, its query or the body): it must not even travel to the server. */
  private async call<T>(method: string, path: string, body: unknown): Promise<T> {
    assertNoPrivateKey(path, { where: 'the request path' });
    if (body !== undefined) assertNoPrivateKey(body);
    return body === undefined ? this.send<T>(method, path, {}, undefined) : this.send<T>(method, path, { 'content-type': 'application/json' }, JSON.stringify(body));
  }

  private async send<T>(method: string, path: string, headers: Record<string, string>, body: string | Uint8Array | undefined): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.config.url}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${this.config.token}`, ...headers },
        ...(body === undefined ? {} : { body }),
      });
    } catch (cause) {
      throw new ApiError(0, 'unreachable', `cannot reach ${this.config.url}: ${(cause as Error).message}`);
    }
    const text = await res.text();
    const json: unknown = text === '' ? null : safeJson(text);
    if (!res.ok) {
      const problem = (json ?? {}) as { code?: string; detail?: string };
      throw new ApiError(res.status, problem.code ?? `http-${res.status}`, problem.detail ?? (text || res.statusText));
    }
    return json as T;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
