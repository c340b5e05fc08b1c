// A context's connection state in a few words ("unreachable — connection refused"; on a narrow row just
// "connection refused"), from the state and its one-line reason; the raw reason stays for the tooltip and the log.
// A failed credential plugin is named by what happened to it (its exit code), never by what it printed.
import * as l10n from '@vscode/l10n';
import type { ConnectionState } from './connection';
import type { Discovery } from './discovery';

const CAUSES: [RegExp, string][] = [
  [/ECONNREFUSED/, l10n.t('connection refused')],
  [/ENOTFOUND|EAI_AGAIN/, l10n.t('host not found')],
  [/EHOSTUNREACH|ENETUNREACH|EHOSTDOWN/, l10n.t('no route to host')],
  [/ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT|^no answer/, l10n.t('no answer from the server')],
  [/ECONNRESET|EPIPE|ECONNABORTED|UND_ERR_SOCKET|socket hang up|ERR_HTTP2_|NGHTTP2_/, l10n.t('connection dropped')],
  [/CERT_HAS_EXPIRED/, l10n.t('certificate expired')],
  [/CERT_NOT_YET_VALID/, l10n.t('certificate not yet valid')],
  [/ALTNAME|HOSTNAME_MISMATCH/, l10n.t('certificate is for another host')],
  [/SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|CERT_UNTRUSTED|CERT_REJECTED|CERT_SIGNATURE/, l10n.t('certificate not trusted')],
  [/WRONG_VERSION_NUMBER|EPROTO/, l10n.t('not speaking TLS')],
  [/client certificate was rejected/, l10n.t('client certificate rejected')],
  [/token was rejected/, l10n.t('token rejected (expired or revoked)')],
  [/exec plugin was rejected|auth provider were rejected/, l10n.t('login rejected')],
  [/no credentials were sent/, l10n.t('no credentials')],
  [/credential plugin "[^"]*" exited with code (\d+)/, l10n.t('credential plugin failed (exit code $1)')],
  [/credential plugin "[^"]*" (did not finish|was stopped)/, l10n.t('credential plugin stopped')],
  [/credential plugin "[^"]*" could not be started/, l10n.t('credential plugin could not start')],
  [/credential plugin/, l10n.t('credential plugin failed')],
  [/Credentials unavailable/, l10n.t('credentials unavailable')],
];

const STATES: Record<string, string> = {
  idle: l10n.t('not connected'),
  connecting: l10n.t('connecting…'),
  connected: 'connected',
  unreachable: 'unreachable',
  unauthorized: 'unauthorized',
  credentials: l10n.t('credentials unavailable'),
  tlsError: l10n.t('TLS error'),
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
  // "InternalError (500): etcd timeout" → "InternalError"
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
  const kv = !kubevirt ? undefined : kubevirt.installed ? ['KubeVirt', bare(kubevirt.version)].filter(Boolean).join(' ') : l10n.t('no KubeVirt');
  return [kv, discovery?.serverVersion ? `K8s ${bare(discovery.serverVersion)}` : undefined].filter(Boolean).join(' · ');
}

function bare(version: string | undefined): string | undefined {
  return version?.replace(/^v(?=\d)/, '');
}
