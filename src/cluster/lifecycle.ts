// Lifecycle actions on a VM or VMI, sent exactly as virtctl sends them (reference §1): PUT on the virt-api
// subresource with a JSON options body. Where the cluster does not serve subresources.kubevirt.io the actions that
// have one take the kubevirt.io/v1 fallback of §1.6; the others fail with UnsupportedActionError. Every outcome
// names the path taken and the requests made, for a log line.
import * as l10n from '@vscode/l10n';
import type { LifecycleAction, TargetKind } from '../model/actions';
import { requiredChecks } from '../model/permissions';
import { KubeApiError } from './errors';
import type { KubeHttp, Reply, SendOptions } from './kubeHttp';
import { forgetSubresourceSupport, kubevirtPath, servesSubresources, subresourcePath } from './kubevirtPaths';

export interface ActionTarget {
  namespace: string;
  name: string;
  /** Defaults to 'vm'. Pause, unpause and soft reboot act on the VMI of the same name either way. */
  kind?: TargetKind;
}

export interface ActionRequest extends ActionTarget {
  action: LifecycleAction;
  /** start only: create the VMI paused. */
  startPaused?: boolean;
}

/**
 * `subresource`: virt-api's subresource API; `fallback`: kubevirt.io/v1 object calls standing in for it;
 * `object`: an action that is a plain object call on every cluster (delete, cancel migration).
 */
export type ActionPath = 'subresource' | 'fallback' | 'object';

export interface ActionOutcome {
  request: ActionRequest;
  path: ActionPath;
  /** `PUT /apis/subresources.kubevirt.io/v1/namespaces/ns/virtualmachines/vm/start 202`, in order. */
  calls: string[];
  /** The VirtualMachineInstanceMigration a fallback migrate created, or the migrations a cancel deleted. */
  migrations?: string[];
}

/** The action cannot be done on this cluster (no subresource API and no fallback for it). */
export class UnsupportedActionError extends Error {
  constructor(readonly action: LifecycleAction, message: string) {
    super(message);
  }
}

/** Cancel Migration found nothing to cancel. */
export class NoActiveMigrationError extends Error {}

/**
 * Deleting in the foreground keeps the VM (Terminating) until its VMI, launcher pod and DataVolumes are gone, so
 * the tree never shows a VMI without its VM and a wait for deletion ends when everything is really gone.
 */
export const DELETE_PROPAGATION = 'Foreground';

const FINAL_MIGRATION_PHASES = new Set(['Succeeded', 'Failed']);

const SUBRESOURCE_NAMES: Partial<Record<LifecycleAction, string>> = {
  start: 'start', stop: 'stop', forceStop: 'stop', restart: 'restart', migrate: 'migrate',
  pause: 'pause', unpause: 'unpause', softReboot: 'softreboot',
};
const ON_VMI = new Set<LifecycleAction>(['pause', 'unpause', 'softReboot']);

export async function runAction(http: KubeHttp, request: ActionRequest): Promise<ActionOutcome> {
  const calls: string[] = [];
  const send = async (method: string, path: string, options?: SendOptions): Promise<Reply> => {
    const reply = await http.send(method, path, options);
    calls.push(`${method} ${path} ${reply.code}`);
    return reply;
  };
  const ok = (reply: Reply): Reply => {
    if (reply.code < 200 || reply.code > 299) throw KubeApiError.fromResponse(reply.code, reply.body);
    return reply;
  };
  const outcome = (path: ActionPath, migrations?: string[]): ActionOutcome => ({ request, path, calls, ...(migrations ? { migrations } : {}) });
  const { action, namespace, name } = request;
  if (!requiredChecks(action, request.kind ?? 'vm', true)) throw new UnsupportedActionError(action, l10n.t('{0} applies to a VirtualMachine, not to a lone VirtualMachineInstance.', actionLabel(action)));

  if (action === 'delete') {
    const resource = request.kind === 'vmi' ? 'virtualmachineinstances' : 'virtualmachines';
    ok(await send('DELETE', kubevirtPath(resource, namespace, name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: DELETE_PROPAGATION } }));
    return outcome('object');
  }
  if (action === 'cancelMigration') return outcome('object', await cancelMigration(send, ok, namespace, name));

  const subresource = SUBRESOURCE_NAMES[action];
  if (subresource && (await servesSubresources(http))) {
    const resource = ON_VMI.has(action) ? 'virtualmachineinstances' : 'virtualmachines';
    const reply = await send('PUT', subresourcePath(resource, namespace, name, subresource), { body: subresourceBody(request) });
    if (!groupMissing(reply)) {
      ok(reply);
      return outcome('subresource');
    }
    forgetSubresourceSupport(http, false);
  }
  return outcome('fallback', await fallback(send, ok, request));
}

/** The options body virtctl sends (§1.2). */
function subresourceBody(request: ActionRequest): Record<string, unknown> {
  if (request.action === 'start' && request.startPaused) return { paused: true };
  if (request.action === 'forceStop') return { gracePeriod: 0 };
  return {};
}

/** A 404 for the path itself (no such API group) rather than for the named object, which carries details.name. */
function groupMissing(reply: Reply): boolean {
  if (reply.code !== 404) return false;
  const details = (reply.body as { details?: { name?: string } } | undefined)?.details;
  return !details?.name;
}

type Send = (method: string, path: string, options?: SendOptions) => Promise<Reply>;
type Ok = (reply: Reply) => Reply;

/** The kubevirt.io/v1 stand-in for a subresource call (§1.6); resolves with the migrations it created, if any. */
async function fallback(send: Send, ok: Ok, request: ActionRequest): Promise<string[] | undefined> {
  const { action, namespace, name } = request;
  switch (action) {
    case 'start':
      if (request.startPaused) throw new UnsupportedActionError(action, l10n.t('Starting paused needs the subresources.kubevirt.io API, which this cluster does not serve.'));
      await setRunStrategy(send, ok, namespace, name, 'Always');
      return undefined;
    case 'stop':
      await setRunStrategy(send, ok, namespace, name, 'Halted');
      return undefined;
    case 'forceStop': {
      await setRunStrategy(send, ok, namespace, name, 'Halted');
      const reply = await send('DELETE', kubevirtPath('virtualmachineinstances', namespace, name), { body: { apiVersion: 'v1', kind: 'DeleteOptions', gracePeriodSeconds: 0 } });
      if (reply.code !== 404) ok(reply);
      return undefined;
    }
    case 'restart':
      ok(await send('DELETE', kubevirtPath('virtualmachineinstances', namespace, name)));
      return undefined;
    case 'migrate': {
      const migration = {
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachineInstanceMigration',
        metadata: { generateName: 'kubevirt-migrate-vm-', namespace },
        spec: { vmiName: name },
      };
      const created = ok(await send('POST', kubevirtPath('virtualmachineinstancemigrations', namespace), { body: migration })).body as { metadata?: { name?: string } };
      return created.metadata?.name ? [created.metadata.name] : [];
    }
    default:
      throw new UnsupportedActionError(action, l10n.t('{0} needs the subresources.kubevirt.io API (virt-api), which this cluster does not serve.', actionLabel(action)));
  }
}

/** Merge-patches spec.runStrategy; a VM still on deprecated spec.running has it cleared (both set is invalid). */
async function setRunStrategy(send: Send, ok: Ok, namespace: string, name: string, runStrategy: 'Always' | 'Halted'): Promise<void> {
  const path = kubevirtPath('virtualmachines', namespace, name);
  const vm = ok(await send('GET', path)).body as { spec?: { running?: boolean } };
  const spec = vm.spec?.running === undefined ? { runStrategy } : { running: null, runStrategy };
  ok(await send('PATCH', path, { body: { spec }, contentType: 'application/merge-patch+json' }));
}

async function cancelMigration(send: Send, ok: Ok, namespace: string, vmiName: string): Promise<string[]> {
  const list = ok(await send('GET', kubevirtPath('virtualmachineinstancemigrations', namespace))).body as {
    items?: { metadata: { name: string }; spec?: { vmiName?: string }; status?: { phase?: string } }[];
  };
  const active = (list.items ?? []).filter((m) => m.spec?.vmiName === vmiName && !FINAL_MIGRATION_PHASES.has(m.status?.phase ?? ''));
  if (!active.length) throw new NoActiveMigrationError(l10n.t('No migration of {0} is in progress.', vmiName));
  for (const m of active) {
    const reply = await send('DELETE', kubevirtPath('virtualmachineinstancemigrations', namespace, m.metadata.name));
    if (reply.code !== 404) ok(reply);
  }
  return active.map((m) => m.metadata.name);
}

const LABELS: Record<LifecycleAction, string> = {
  start: 'Start', stop: 'Stop', forceStop: l10n.t('Force Stop'), restart: 'Restart', pause: 'Pause', unpause: 'Unpause',
  softReboot: l10n.t('Soft Reboot'), migrate: 'Migrate', cancelMigration: l10n.t('Cancel Migration'), delete: 'Delete',
};

export function actionLabel(action: LifecycleAction): string {
  return LABELS[action];
}

/** `start team-a/web-1 via subresource: PUT … 202`: one line for the output channel. */
export function describeOutcome(outcome: ActionOutcome): string {
  const { action, namespace, name } = outcome.request;
  return `${actionLabel(action)} ${namespace}/${name} via ${outcome.path}: ${outcome.calls.join(', ')}`;
}
