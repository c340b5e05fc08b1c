// How a subresource handler meets HTTP, shared by the simulator's server and virt-api's stand-in on a real
// control plane: the call built from the request (dryRun from the query or, as virt-api reads it, the options
// body) and the reply written back (JSON, text, bytes or a chunked stream).
import type { ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { badRequest } from './api-error';
import type { FaultSettings } from './faults';
import type { ResourceInfo } from './request-info';
import { sendBody, sendJson } from './respond';
import type { SimUser, SubresourceCall, SubresourceReply } from './types';

/**
 * An options body as virt-api decodes it (Kubernetes' YAML-or-JSON decoder): empty is no options; a body that
 * starts like JSON is read as a JSON stream (so a cut-off one is "unexpected EOF"), anything else as YAML.
 */
export function parseOptions(text: string): unknown {
  if (!text.trim()) return undefined;
  const fail = (why: string) => badRequest(`Can not unmarshal Request body to struct, error: ${why}`);
  if (/^\s*[{[]/.test(text)) {
    try {
      return JSON.parse(text);
    } catch (error) {
      const message = (error as Error).message;
      if (/end of (JSON )?input/i.test(message)) throw fail('unexpected EOF');
      const at = Number(/position (\d+)/.exec(message)?.[1] ?? 0);
      throw fail(`invalid character '${text[at] ?? ''}' looking for beginning of value`);
    }
  }
  try {
    return parseYaml(text);
  } catch (error) {
    throw fail(`error converting YAML to JSON: yaml: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function subresourceCall(user: SimUser, info: ResourceInfo, query: URLSearchParams, body: unknown): SubresourceCall {
  const bodyDryRun = (body as { dryRun?: unknown } | undefined)?.dryRun;
  const dryRun = query.getAll('dryRun').includes('All') || (Array.isArray(bodyDryRun) && bodyDryRun.includes('All'));
  return { user, namespace: info.namespace ?? '', name: info.name ?? '', body, dryRun, query, subpath: info.rest };
}

/** Writes a handler's reply; `onStream` sees a streamed response before its first chunk (to track open streams). */
export async function writeReply(res: ServerResponse, result: SubresourceReply, slow?: FaultSettings['slowBody'], onStream?: (res: ServerResponse) => void): Promise<void> {
  if (result.stream) {
    res.writeHead(result.code, { 'Content-Type': result.contentType ?? 'text/plain', 'Transfer-Encoding': 'chunked' });
    onStream?.(res);
    for await (const chunk of result.stream) {
      if (res.destroyed) break;
      res.write(chunk);
    }
    res.end();
  } else if (result.body === undefined) {
    res.writeHead(result.code, { 'Content-Length': 0 });
    res.end();
  } else if (typeof result.body === 'string' || result.body instanceof Uint8Array) {
    const contentType = result.contentType ?? (typeof result.body === 'string' ? 'text/plain' : 'application/octet-stream');
    await sendBody(res, result.code, typeof result.body === 'string' ? result.body : Buffer.from(result.body), contentType, slow);
  } else {
    await sendJson(res, result.code, result.body, slow);
  }
}
