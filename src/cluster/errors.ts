// Failures of API calls and how they map to a context's connection state, each with a one-line reason.
import * as l10n from '@vscode/l10n';

export type ConnectionStatus = 'idle' | 'connecting' | 'connected' | 'unreachable' | 'unauthorized' | 'credentials' | 'tlsError' | 'error';

/** Which kind of credential the context's user presents; decides how a 401 is explained. */
export type CredentialKind = 'token' | 'client certificate' | 'exec plugin' | 'auth provider' | 'username/password' | 'none';

/** A non-2xx answer; `message` is the Status message when the server sent one. */
export class KubeApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    /** From a 429/503 Status: how long the server asks clients to wait. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }

  /** From a Status body, or from a plain-text one (virt-api writes some refusals as text, e.g. the guest-agent GETs). */
  static fromResponse(code: number, body: unknown): KubeApiError {
    if (typeof body === 'string' && body.trim()) return new KubeApiError(code, httpReason(code), body.trim().split('\n')[0]);
    const status = (body ?? {}) as { reason?: unknown; message?: unknown; details?: { retryAfterSeconds?: unknown } };
    const reason = typeof status.reason === 'string' && status.reason ? status.reason : httpReason(code);
    const message = typeof status.message === 'string' && status.message ? status.message : reason;
    const retryAfter = status.details?.retryAfterSeconds;
    return new KubeApiError(code, reason, message, typeof retryAfter === 'number' ? retryAfter : undefined);
  }
}

/** Getting the user's credentials failed (exec plugin, auth provider, token file) before any request was sent. */
export class CredentialError extends Error {}

/** The context cannot be used as written (a cluster or user its file does not define, plain http without opt-in). */
export class ConfigError extends Error {}

/** No answer within the allowed time. */
export class TimeoutError extends Error {
  readonly code = 'ETIMEDOUT';
}

const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ETIMEDOUT', 'ECONNRESET', 'EPIPE', 'EAI_AGAIN', 'ECONNABORTED',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET',
  // A reset stream or a dropped HTTP/2 connection, as ECONNRESET over HTTP/1.1.
  'ERR_HTTP2_STREAM_ERROR', 'ERR_HTTP2_STREAM_CANCEL', 'ERR_HTTP2_SESSION_ERROR', 'ERR_HTTP2_INVALID_SESSION', 'ERR_HTTP2_GOAWAY_SESSION',
]);

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED',
  'CERT_REJECTED', 'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH', 'ERR_SSL_WRONG_VERSION_NUMBER', 'EPROTO',
]);

export interface Classified {
  status: Exclude<ConnectionStatus, 'idle' | 'connecting' | 'connected'>;
  reason: string;
}

/** The connection state a failed call implies, and why, in one line. */
export function classifyFailure(error: unknown, credential: CredentialKind = 'token'): Classified {
  if (error instanceof KubeApiError) {
    if (error.code === 401) return { status: 'unauthorized', reason: `Unauthorized (401): ${rejected(credential)}` };
    return { status: 'error', reason: `${error.reason} (${error.code}): ${oneLine(error.message)}` };
  }
  if (error instanceof CredentialError) return { status: 'credentials', reason: l10n.t('Credentials unavailable: {0}', oneLine(error.message)) };
  if (error instanceof ConfigError) return { status: 'error', reason: oneLine(error.message) };
  const code = errorCode(error);
  const message = systemMessage(error);
  if (code && TLS_CODES.has(code)) return { status: 'tlsError', reason: `TLS: ${message}${message.includes(code) ? '' : ` (${code})`}` };
  if ((code && UNREACHABLE_CODES.has(code)) || error instanceof TimeoutError) return { status: 'unreachable', reason: message };
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === 'number') return classifyFailure(new KubeApiError(statusCode, httpReason(statusCode), message), credential);
  return { status: 'error', reason: message };
}

/** The HTTP status of a failed call, when it got that far. */
export function failureCode(error: unknown): number | undefined {
  if (error instanceof KubeApiError) return error.code;
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
}

function rejected(credential: CredentialKind): string {
  switch (credential) {
    case 'none':
      return l10n.t('no credentials were sent');
    case 'exec plugin':
      return l10n.t('the credentials from the exec plugin were rejected');
    case 'auth provider':
      return l10n.t('the credentials from the auth provider were rejected');
    case 'client certificate':
      return l10n.t('the client certificate was rejected');
    case 'username/password':
      return l10n.t('the username and password were rejected');
    default:
      return l10n.t('the token was rejected');
  }
}

function errorCode(error: unknown): string | undefined {
  // node-fetch's FetchError and undici put the system error's code on the error or its cause.
  for (let e: unknown = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ABORT_ERR' && code !== 'system') return code;
  }
  return undefined;
}

function systemMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // node-fetch: "request to https://host/path failed, reason: connect ECONNREFUSED 127.0.0.1:6443"
  return oneLine(message.replace(/^request to \S+ failed, reason: /, '')) || l10n.t('unknown error');
}

function oneLine(text: string): string {
  return text.split('\n')[0].trim();
}

function httpReason(code: number): string {
  const reasons: Record<number, string> = {
    400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 409: 'Conflict',
    410: 'Expired', 422: 'Invalid', 429: 'TooManyRequests', 500: 'InternalError', 503: 'ServiceUnavailable', 504: 'Timeout',
  };
  return reasons[code] ?? `HTTP ${code}`;
}
