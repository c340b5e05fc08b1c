// One log line per API call: verb, path (with query) and status code. Only these are ever written — never a
// header, so a bearer token or client key cannot reach the log.

export type ApiLog = (line: string) => void;

export function apiLine(verb: string, path: string, outcome: number | string, startedAt?: number): string {
  const took = startedAt === undefined ? '' : ` (${Date.now() - startedAt} ms)`;
  return `${verb} ${path} ${outcome}${took}`;
}
