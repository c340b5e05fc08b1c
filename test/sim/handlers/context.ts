// What every handler gets for one authenticated, authorized request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../api-error';
import { PROTOBUF, decodeObject } from '../protobuf';
import type { SimCluster } from '../cluster';
import type { ResourceInfo } from '../request-info';
import { sendJson } from '../respond';
import type { SimUser } from '../types';

export interface RequestContext {
  cluster: SimCluster;
  req: IncomingMessage;
  res: ServerResponse;
  query: URLSearchParams;
  user: SimUser;
  info: ResourceInfo;
  /** The request body, already read. */
  raw: Buffer;
}

export const mediaType = (req: IncomingMessage) => (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();

/** The body as JSON (or YAML for apply patches and YAML content types); undefined when empty. */
export function parseBody(ctx: RequestContext): unknown {
  const text = ctx.raw.toString('utf8');
  if (!text.trim()) return undefined;
  // kubectl's typed clients (auth can-i, create namespace…) send protobuf.
  const type = mediaType(ctx.req);
  if (type === PROTOBUF) return decodeObject(ctx.raw);
  try {
    return type.includes('yaml') ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

export const isDryRun = (query: URLSearchParams) => query.getAll('dryRun').includes('All');

export function reply(ctx: RequestContext, code: number, body: unknown): Promise<void> {
  return sendJson(ctx.res, code, body, ctx.cluster.faults.settings.slowBody);
}
