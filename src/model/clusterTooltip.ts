// The Markdown tooltip of a cluster node: its state in words, why it is not connected, where it points, what
// discovery found, and what the kubeconfig loader warned about. Every value is escaped (markdownTable), since
// servers, plugins and kubeconfig files control them; the tooltip never needs raw HTML.
import * as l10n from '@vscode/l10n';
import { escapeMarkdown, markdownTable } from './markdown';
import type { RuntimeClassInfo } from './runtimeClasses';

export interface ClusterFacts {
  context: string;
  /** The state in words (`unreachable — connection refused`, `connected · KubeVirt 1.5.2 · K8s 1.36.3`). */
  state: string;
  /** The raw reason it is not connected (or why the context cannot be used). */
  reason?: string;
  server?: string;
  user?: string;
  namespace?: string;
  file?: string;
  warnings?: string[];
  serverVersion?: string;
  kubevirt?: { installed: boolean; version?: string; subresources: boolean };
  capsule?: { installed: boolean };
  runtimeClasses?: RuntimeClassInfo[];
  /** Discovery has run (otherwise the rows it fills stay empty). */
  discovered: boolean;
}

const ISOLATION_CLASS = { microvm: 'microVM', sandbox: 'sandboxed', container: 'container' } as const;

export function clusterTooltip(f: ClusterFacts): string {
  const runtimes = f.runtimeClasses?.map((r) => `${r.name} → ${r.isolation.label} (${ISOLATION_CLASS[r.isolation.class]})${r.overhead ? `, +${Object.values(r.overhead).join(', ')}` : ''}`);
  const kubevirt = f.kubevirt ? (f.kubevirt.installed ? `${f.kubevirt.version ?? l10n.t('installed (version unknown)')}${f.kubevirt.subresources ? '' : l10n.t(', no subresource API')}` : l10n.t('not installed')) : undefined;
  return [
    `**${escapeMarkdown(f.context)}** · ${escapeMarkdown(f.state)}`,
    '',
    markdownTable([
      [l10n.t('Error'), f.reason],
      [l10n.t('Server'), f.server],
      [l10n.t('User'), f.user],
      [l10n.t('Namespace'), f.namespace],
      [l10n.t('Kubeconfig'), f.file],
      ...(f.warnings ?? []).map((w): [string, string] => ['Warning', w]),
      [l10n.t('Kubernetes'), f.serverVersion],
      [l10n.t('KubeVirt'), kubevirt],
      [l10n.t('Capsule'), f.capsule ? (f.capsule.installed ? l10n.t('installed') : l10n.t('not installed')) : undefined],
      [l10n.t('Runtime classes'), runtimes?.length ? runtimes.join(', ') : f.discovered ? l10n.t('none') : undefined],
    ]),
  ].join('\n');
}
