// A small HTTPS client for test clusters (the simulator or a real kube-apiserver alike): raw status codes and
// bodies, bearer-token or client-certificate users, keep-alive connections bounded by `maxSockets`, and watch
// streams read event by event. Loading scenarios, the launcher and the differential tests use it; the extension
// itself only ever talks through @kubernetes/client-node.
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

export interface Credentials {
  token?: string;
  certPem?: string;
  keyPem?: string;
}

export interface RequestInit {
  body?: unknown;
  /** Default application/json (when there is a body). */
  contentType?: string;
  accept?: string;
  headers?: Record<string, string>;
}

export interface RestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The body parsed as JSON (throws when it is not JSON). */
  json<T = Record<string, unknown>>(): T;
}

export interface WatchEvent {
  type: string;
  object: Record<string, unknown> & { metadata?: Record<string, unknown> };
}

/** An open watch: events arrive in `events` in order; `next` waits for the following one. */
export class WatchStream {
  readonly events: WatchEvent[] = [];
  ended = false;
  private read = 0;
  private waiters: (() => void)[] = [];
  private listener: ((event: WatchEvent) => void) | undefined;

  constructor(readonly status: number, private readonly response: IncomingMessage) {
    let buffer = '';
    response.setEncoding('utf8');
    response.on('data', (chunk: string) => {
      buffer += chunk;
      for (let nl = buffer.indexOf('\n'); nl >= 0; nl = buffer.indexOf('\n')) {
        const line = buffer.slice(0, nl).trim();
        buffer = buffer.slice(nl + 1);
        if (!line) continue;
        const event = JSON.parse(line) as WatchEvent;
        if (this.listener) this.listener(event);
        else this.events.push(event);
      }
      this.wake();
    });
    const end = () => {
      this.ended = true;
      this.wake();
    };
    response.on('end', end);
    response.on('close', end);
    response.on('error', end);
  }

  /** The next unread event, or undefined when the stream ended or `timeoutMs` passed first. */
  async next(timeoutMs = 10_000): Promise<WatchEvent | undefined> {
    const deadline = Date.now() + timeoutMs;
    while (this.read >= this.events.length && !this.ended && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.read < this.events.length ? this.events[this.read++] : undefined;
  }

  /** Reads events until `done` says so (it sees each event), the stream ends or the time is up. */
  async until(done: (event: WatchEvent) => boolean, timeoutMs = 10_000): Promise<WatchEvent[]> {
    const deadline = Date.now() + timeoutMs;
    const seen: WatchEvent[] = [];
    for (;;) {
      const event = await this.next(Math.max(0, deadline - Date.now()));
      if (!event) return seen;
      seen.push(event);
      if (done(event)) return seen;
    }
  }

  /** Hands every event (those already read included) to `onEvent` without keeping them; settles when the stream ends. */
  consume(onEvent: (event: WatchEvent) => void): Promise<void> {
    for (const event of this.events.splice(this.read)) onEvent(event);
    this.listener = onEvent;
    return new Promise((resolve) => {
      if (this.ended) return resolve();
      for (const end of ['end', 'close', 'error']) this.response.once(end, () => resolve());
    });
  }

  close(): void {
    this.response.destroy();
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

export class RestClient {
  private readonly agent: Agent;

  constructor(readonly server: string, readonly caPem: string, readonly credentials: Credentials, options: { maxSockets?: number; userAgent?: string } = {}) {
    this.agent = new Agent({
      keepAlive: true,
      maxSockets: options.maxSockets ?? 8,
      ca: caPem,
      cert: credentials.certPem,
      key: credentials.keyPem,
    });
    this.userAgent = options.userAgent ?? 'kubevirt-workbench-tests';
  }

  private readonly userAgent: string;

  /** The same server and CA as another user. */
  as(credentials: Credentials): RestClient {
    return new RestClient(this.server, this.caPem, credentials, { userAgent: this.userAgent });
  }

  private options(method: string, init: RequestInit, body: string | undefined): RequestOptions {
    const headers: Record<string, string> = { Accept: init.accept ?? 'application/json', 'User-Agent': this.userAgent, ...init.headers };
    if (this.credentials.token) headers.Authorization = `Bearer ${this.credentials.token}`;
    if (body !== undefined) {
      headers['Content-Type'] = init.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(body));
    }
    return { method, headers, agent: this.agent };
  }

  request(method: string, path: string, init: RequestInit = {}): Promise<RestResponse> {
    return this.send(method, path, init, false);
  }

  private send(method: string, path: string, init: RequestInit, again: boolean): Promise<RestResponse> {
    const body = init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.server), this.options(method, init, body), (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
        });
        res.on('error', reject);
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed just as this request went out on it ("socket hang up"): the
        // request most likely never reached the server, so it is sent once more, on a new connection.
        if (req.reusedSocket && error.code === 'ECONNRESET' && !again) resolve(this.send(method, path, init, true));
        else reject(error);
      });
      req.end(body);
    });
  }

  get(path: string, init?: RequestInit): Promise<RestResponse> {
    return this.request('GET', path, init);
  }

  post(path: string, body: unknown, init: RequestInit = {}): Promise<RestResponse> {
    return this.request('POST', path, { ...init, body });
  }

  put(path: string, body: unknown, init: RequestInit = {}): Promise<RestResponse> {
    return this.request('PUT', path, { ...init, body });
  }

  patch(path: string, body: unknown, contentType: string, init: RequestInit = {}): Promise<RestResponse> {
    return this.request('PATCH', path, { ...init, body, contentType });
  }

  delete(path: string, init?: RequestInit): Promise<RestResponse> {
    return this.request('DELETE', path, init);
  }

  /** Opens a watch (`path` carries `watch=1` and its other parameters); a non-200 answer is returned as text. */
  watch(path: string): Promise<WatchStream | RestResponse> {
    return new Promise((resolve, reject) => {
      const req = request(new URL(path, this.server), { ...this.options('GET', {}, undefined), agent: false, ca: this.caPem, cert: this.credentials.certPem, key: this.credentials.keyPem }, (res) => {
        if (res.statusCode !== 200) {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: <T>() => JSON.parse(text) as T });
          });
          return;
        }
        resolve(new WatchStream(200, res));
      });
      req.on('error', reject);
      req.end();
    });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent.destroy();
  }
}

/** Throws with the server's message unless the response has one of the `expected` codes. */
export function expectStatus(response: RestResponse, what: string, ...expected: number[]): RestResponse {
  if (!expected.includes(response.status)) {
    let message = response.text;
    try {
      message = (response.json<{ message?: string }>().message ?? message);
    } catch {
      // not JSON
    }
    throw new Error(`${what}: ${response.status} ${message.slice(0, 500)}`);
  }
  return response;
}
