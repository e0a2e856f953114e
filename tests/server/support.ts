/** Test helpers: a server on a fresh database and an HTTP client with a cookie jar and CSRF token. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { AppContext } from '../../src/app/context.ts';

export interface Res {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  raw: Buffer;
  json<T = Record<string, unknown>>(): T;
}

/** One browser-like caller: keeps cookies, fetches and sends the CSRF token on state changes. */
export class Client {
  cookies = new Map<string, string>();
  csrf: string | null = null;
  bearer: string | null = null;
  constructor(readonly app: FastifyInstance) {}

  async request(opts: InjectOptions & { csrf?: boolean }): Promise<Res> {
    const headers: Record<string, string> = { ...(opts.headers as Record<string, string>) };
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    const method = (opts.method ?? 'GET').toUpperCase();
    if (opts.csrf !== false && !['GET', 'HEAD'].includes(method) && !this.bearer) {
      if (!this.csrf) await this.session();
      headers['x-csrf-token'] = this.csrf!;
      if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    }
    const r = await this.app.inject({ ...opts, headers });
    for (const c of r.cookies as Array<{ name: string; value: string; maxAge?: number; expires?: Date }>) {
      if (c.value === '' || (c.expires && c.expires.getTime() < Date.now())) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return {
      status: r.statusCode,
      headers: r.headers,
      body: r.body,
      raw: r.rawPayload,
      json: <T>() => JSON.parse(r.body) as T,
    };
  }
  async session() {
    const r = await this.request({ method: 'GET', url: '/api/session' });
    this.csrf = r.json<{ csrfToken: string }>().csrfToken;
    return r;
  }
  get(url: string, headers: Record<string, string> = {}) {
    return this.request({ method: 'GET', url, headers });
  }
  post(url: string, payload?: unknown, extra: Partial<InjectOptions> & { csrf?: boolean } = {}) {
    return this.request({
      method: 'POST',
      url,
      ...(payload === undefined ? {} : { payload: payload as object }),
      ...extra,
    });
  }
  async login(login: string, password: string): Promise<Res> {
    await this.session(); // a fresh token: the one of an ended session no longer counts
    const r = await this.post('/api/session/login', { login, password });
    if (r.status === 200) this.csrf = r.json<{ csrfToken: string }>().csrfToken;
    return r;
  }
}

/** A fixed, advancing clock so lockouts and deadlines are deterministic. */
export function testClock(start = '2024-01-15T02:00:00.000Z') {
  let t = Date.parse(start);
  const clock = () => new Date(t);
  return Object.assign(clock, {
    advance(ms: number) {
      t += ms;
    },
    set(iso: string) {
      t = Date.parse(iso);
    },
  });
}

export type { AppContext };

/** A multipart/form-data body with the given files. */
export function multipart(files: Array<{ filename: string; content: Buffer | string; field?: string }>) {
  const boundary = `----mz${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const f of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'file'}"; filename="${f.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      Buffer.isBuffer(f.content) ? f.content : Buffer.from(f.content),
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
