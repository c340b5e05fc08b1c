// A context's connection state in a few words ("unreachable — connection refused"; on a narrow row just
// "connection refused"), from the state and its one-line reason; the raw reason stays for the tooltip and the log.
// A failed credential plugin is named by what happened to it (its exit code), never by what it printed.
import type { ConnectionState } from './connection';
import type { Discovery } from './discovery';

const CAUSES: [RegExp, string][] = [
  [/ECONNREFUSED/, 'connection refused'],
  [/ENOTFOUND|EAI_AGAIN/, 'host not found'],
  [/EHOSTUNREACH|ENETUNREACH|EHOSTDOWN/, 'no route to host'],
  [/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|^no answer/, 'no answer from the server'],
  [/ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|socket hang up/, 'connection dropped'],
  [/CERT_HAS_EXPIRED/, 'certificate expired'],
  [/CERT_NOT_YET_VALID/, 'certificate not yet valid'],
  [/ALTNAME|HOSTNAME_MISMATCH/, 'certificate is for another host'],
  [/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_REJECTED|CERT_SIGNATURE/, 'certificate not trusted'],
  [/WRONG_VERSION_NUMBER|EPROTO/, 'not speaking TLS'],
  [/client certificate was rejected/, 'client certificate rejected'],
  [/token was rejected/, 'token rejected (expired or revoked)'],
  [/exec plugin was rejected|auth provider were rejected/, 'login rejected'],
  [/no credentials were sent/, 'no credentials'],
  [/credential plugin "[^"]*" exited with code (\d+)/, 'credential plugin failed (exit code $1)'],
  [/credential plugin "[^"]*" (did not finish|was stopped)/, 'credential plugin stopped'],
  [/credential plugin "[^"]*" could not be started/, 'credential plugin could not start'],
  [/credential plugin/, 'credential plugin failed'],
  [/Credentials unavailable/, 'credentials unavailable'],
];

const STATES: Record<string, string> = {
  idle: 'not connected',
  connecting: 'connecting…',
  connected: 'connected',
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  credentials: 'credentials unavailable',
  tlsError: 'TLS error',
  error: 'error',
};

/** The state in a word (`unreachable`), for any status, including ones added later. */
export function stateWord(status: string): string {
  return STATES[status] ?? status.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Why, in a few words (`connection refused`); undefined when nothing more specific than the state is known. */
export function causeWords(reason: string | undefined): string | undefined {
  if (!reason) return undefined;
  for (const [pattern, words] of CAUSES) {
    const match = pattern.exec(reason);
    if (match) return words.replace(/\$(\d)/g, (_, i: string) => match[Number(i)]);
  }
  // "API discovery failed: InternalError (500): …" → "API discovery failed"
  const head = reason.split(/: |\(\d{3}\)/)[0].trim();
  return head.length <= 40 ? head : undefined;
}

/**
 * A cluster's state in full words: `unreachable — connection refused`, or once connected its versions, KubeVirt's
 * first (`connected · KubeVirt 1.5.2 · K8s 1.36.3`, `connected · no KubeVirt · K8s 1.32.4`).
 */
export function clusterSummary(state: ConnectionState, discovery: Discovery | undefined): string {
  if (state.status === 'connected') return ['connected', versions(discovery)].filter(Boolean).join(' · ');
  const cause = causeWords(state.reason);
  const word = stateWord(state.status);
  return cause && cause !== word ? `${word} — ${cause}` : word;
}

/**
 * The same for a narrow row, which cuts its end: a connected cluster's versions (its green icon says connected), a
 * failing one's cause (`connection refused`, `certificate not trusted`) when known.
 */
export function clusterRowText(state: ConnectionState, discovery: Discovery | undefined): string {
  if (state.status === 'connected') return versions(discovery) || 'connected';
  return (state.status !== 'idle' && state.status !== 'connecting' && causeWords(state.reason)) || clusterSummary(state, discovery);
}

function versions(discovery: Discovery | undefined): string {
  const kubevirt = discovery?.kubevirt;
  const kv = !kubevirt ? undefined : kubevirt.installed ? ['KubeVirt', bare(kubevirt.version)].filter(Boolean).join(' ') : 'no KubeVirt';
  return [kv, discovery?.serverVersion ? `K8s ${bare(discovery.serverVersion)}` : undefined].filter(Boolean).join(' · ');
}

function bare(version: string | undefined): string | undefined {
  return version?.replace(/^v(?=\d)/, '');
}
