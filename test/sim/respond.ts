// Writing responses: JSON bodies and metav1.Status errors, optionally trickled out slowly (a fault), or a reset.
import type { ServerResponse } from 'node:http';
import { constants, type Http2ServerResponse } from 'node:http2';
import { ApiError, internalError } from './api-error';
import type { FaultSettings } from './faults';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sendBody(res: ServerResponse, code: number, body: string | Buffer, contentType: string, slow: FaultSettings['slowBody'], headers: Record<string, string> = {}): Promise<void> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  if (!slow || bytes.length <= slow.chunkBytes) {
    res.writeHead(code, { 'Content-Type': contentType, 'Content-Length': bytes.length, ...headers });
    res.end(bytes);
    return;
  }
  res.writeHead(code, { 'Content-Type': contentType, ...headers });
  for (let i = 0; i < bytes.length && !res.destroyed; i += slow.chunkBytes) {
    res.write(bytes.subarray(i, i + slow.chunkBytes));
    await sleep(slow.delayMs);
  }
  res.end();
}

export function sendJson(res: ServerResponse, code: number, body: unknown, slow?: FaultSettings['slowBody'], headers: Record<string, string> = {}): Promise<void> {
  return sendBody(res, code, JSON.stringify(body), 'application/json', slow, headers);
}

/** Any thrown value as a Status; unknown errors are 500s like kube-apiserver's InternalError. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  return internalError(error instanceof Error ? error.message : String(error));
}

export function sendError(res: ServerResponse, error: unknown, slow?: FaultSettings['slowBody']): Promise<void> {
  const apiError = toApiError(error);
  const headers: Record<string, string> = {};
  if (apiError.details?.retryAfterSeconds !== undefined) headers['Retry-After'] = String(apiError.details.retryAfterSeconds);
  return sendJson(res, apiError.code, apiError.toStatus(), slow, headers);
}

/** Resets the request (a crashed server or proxy): its connection over HTTP/1.1, its stream over HTTP/2. */
export function resetResponse(res: ServerResponse): void {
  const stream = (res as unknown as Partial<Http2ServerResponse>).stream;
  if (stream) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
  else res.socket?.destroy();
}
