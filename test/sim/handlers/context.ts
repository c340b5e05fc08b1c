// What every handler gets for one authenticated, authorized request.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../api-error';
import { PROTOBUF, decodeObject } from '../protobuf';
import type { SimCluster } from '../cluster';
import type { ResourceInfo } from '../request-info';
import { sendBody, sendJson } from '../respond';
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
  if (type.includes('yaml')) {
    try {
      return parseYaml(text);
    } catch (e) {
      // go-yaml's own wording after the line number cannot be reproduced in general; the prefix and line are kube's.
      const line = (e as { linePos?: { line: number }[] }).linePos?.[0]?.line ?? 1;
      throw badRequest(`error decoding YAML: error converting YAML to JSON: yaml: line ${line}: ${(e as Error).message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
    }
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
  }
}

/**
 * A JSON syntax error in the words of Go's encoding/json, which kube-apiserver passes on: text that ends early is
 * "unexpected end of JSON input"; other mistakes are reported at the offending character (Go words these by
 * context, e.g. "after object key"; this says "looking for beginning of value" for all of them).
 */
export function goJsonSyntaxError(text: string, error: Error): string {
  const start = text.search(/\S/);
  if (start < 0) return 'unexpected end of JSON input';
  if (!/[{["\-0-9tfn]/.test(text[start])) return `invalid character ${goQuoteChar(text.charCodeAt(start))} looking for beginning of value`;
  const at = /position (\d+)/.exec(error.message);
  const position = at ? Number(at[1]) : text.length;
  if (position >= text.trimEnd().length || /end of (JSON )?input/i.test(error.message)) return 'unexpected end of JSON input';
  return `invalid character ${goQuoteChar(text.charCodeAt(position))} looking for beginning of value`;
}

/** A character as Go's encoding/json quotes it in errors: 'x', '\n', '\x01', '\u009e'. */
function goQuoteChar(code: number): string {
  const escapes: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 39: "\\'", 92: '\\\\' };
  if (escapes[code]) return `'${escapes[code]}'`;
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  if (code >= 0x80 && code < 0xa0) return `'\\u${code.toString(16).padStart(4, '0')}'`;
  return `'${String.fromCharCode(code)}'`;
}

/** A patch body as JSON; kube-apiserver decodes it only once it has the object to patch. */
export function parsePatchBody(ctx: RequestContext): unknown {
  const text = ctx.raw.toString('utf8');
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`error decoding patch: ${goJsonSyntaxError(text, e as Error)}`);
  }
}

export const isDryRun = (query: URLSearchParams) => query.getAll('dryRun').includes('All');

export function reply(ctx: RequestContext, code: number, body: unknown): Promise<void> {
  return sendJson(ctx.res, code, body, ctx.cluster.faults.settings.slowBody);
}

/** A body already serialized as JSON. */
export function replyJson(ctx: RequestContext, code: number, json: string): Promise<void> {
  return sendBody(ctx.res, code, json, 'application/json', ctx.cluster.faults.settings.slowBody);
}
