// The RBAC checks behind each action: the exact subresource (group `subresources.kubevirt.io`) when virt-api's
// aggregated API is served, else the kubevirt.io/v1 verbs of the fallback (reference §1.6). An action with no
// fallback (pause, console, …) is unsupported on a cluster without the subresource API; snapshots and clones need
// their API groups (snapshot.kubevirt.io, clone.kubevirt.io) served.
import type { AccessKind, Action } from './actions';

export const SUBRESOURCE_GROUP = 'subresources.kubevirt.io';
export const KUBEVIRT_GROUP = 'kubevirt.io';
export const SNAPSHOT_GROUP = 'snapshot.kubevirt.io';
export const CLONE_GROUP = 'clone.kubevirt.io';

/** What a cluster serves that decides which actions it can do at all. */
export interface Capabilities {
  subresources: boolean;
  snapshots: boolean;
  clones: boolean;
}

/** `true`/`false` stand for the subresource API alone (snapshot and clone groups assumed served). */
function capabilitiesOf(value: boolean | Capabilities): Capabilities {
  return typeof value === 'boolean' ? { subresources: value, snapshots: true, clones: true } : value;
}

export interface ResourceCheck {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
}

/** `update virtualmachines/start.subresources.kubevirt.io`: one key per distinct check. */
export function checkKey(c: ResourceCheck): string {
  return `${c.verb} ${c.resource}${c.subresource ? `/${c.subresource}` : ''}${c.group ? `.${c.group}` : ''}`;
}

const sub = (verb: string, resource: string, subresource: string): ResourceCheck => ({ verb, group: SUBRESOURCE_GROUP, resource, subresource });
const kv = (verb: string, resource: string): ResourceCheck => ({ verb, group: KUBEVIRT_GROUP, resource });
const snap = (verb: string, resource: string): ResourceCheck => ({ verb, group: SNAPSHOT_GROUP, resource });

const VMS = 'virtualmachines';
const VMIS = 'virtualmachineinstances';
const MIGRATIONS = 'virtualmachineinstancemigrations';

/** What an action needs on this cluster, or undefined when the cluster cannot do it at all. */
export function requiredChecks(action: Action, kind: AccessKind, served: boolean | Capabilities): ResourceCheck[] | undefined {
  if (kind === 'pod') return podChecks(action);
  const own = kind === 'vm' ? VMS : VMIS;
  const { subresources, snapshots, clones } = capabilitiesOf(served);
  switch (action) {
    case 'start':
    case 'stop':
      if (kind !== 'vm') return undefined;
      return [subresources ? sub('update', VMS, action) : kv('patch', VMS)];
    case 'forceStop':
      if (kind !== 'vm') return undefined;
      return subresources ? [sub('update', VMS, 'stop')] : [kv('patch', VMS), kv('delete', VMIS)];
    case 'restart':
    case 'restartToApply':
      if (kind !== 'vm') return undefined;
      return [subresources ? sub('update', VMS, 'restart') : kv('delete', VMIS)];
    case 'migrate':
      if (kind !== 'vm') return undefined;
      return [subresources ? sub('update', VMS, 'migrate') : kv('create', MIGRATIONS)];
    case 'cancelMigration':
      return [kv('delete', MIGRATIONS)];
    case 'pause':
    case 'unpause':
      return subresources ? [sub('update', VMIS, action)] : undefined;
    case 'softReboot':
      return subresources ? [sub('update', VMIS, 'softreboot')] : undefined;
    case 'console':
    case 'vnc':
      return subresources ? [sub('get', VMIS, action)] : undefined;
    case 'ssh':
      return subresources ? [sub('get', own, 'portforward')] : undefined;
    case 'logs':
      return [{ verb: 'get', group: '', resource: 'pods', subresource: 'log' }];
    case 'edit':
      return [kv('update', own)];
    case 'delete':
      return [kv('delete', own)];
    case 'diagnose':
      return [kv('get', own)];
    case 'takeSnapshot':
      return kind === 'vm' && snapshots ? [snap('create', 'virtualmachinesnapshots')] : undefined;
    case 'restoreSnapshot':
      return kind === 'vm' && snapshots ? [snap('create', 'virtualmachinerestores')] : undefined;
    case 'deleteSnapshot':
      return kind === 'vm' && snapshots ? [snap('delete', 'virtualmachinesnapshots')] : undefined;
    case 'clone':
      return kind === 'vm' && clones ? [{ verb: 'create', group: CLONE_GROUP, resource: 'virtualmachineclones' }] : undefined;
    case 'guestDetails':
      return subresources ? ['guestosinfo', 'userlist', 'filesystemlist'].map((s) => sub('get', VMIS, s)) : undefined;
    case 'addVolume':
    case 'removeVolume':
      return subresources ? [sub('update', own, action.toLowerCase())] : undefined;
    case 'portForward':
      return subresources ? [sub('get', own, 'portforward')] : undefined;
  }
}

function podChecks(action: Action): ResourceCheck[] | undefined {
  switch (action) {
    case 'logs':
      return [{ verb: 'get', group: '', resource: 'pods', subresource: 'log' }];
    case 'delete':
      return [{ verb: 'delete', group: '', resource: 'pods' }];
    default:
      return undefined;
  }
}

/** Every distinct check that decides the actions of `kinds`, for one batch of access reviews. */
export function checksFor(actions: readonly Action[], kinds: readonly AccessKind[], subresources: boolean | Capabilities): ResourceCheck[] {
  const all = new Map<string, ResourceCheck>();
  for (const kind of kinds) {
    for (const action of actions) for (const c of requiredChecks(action, kind, subresources) ?? []) all.set(checkKey(c), c);
  }
  return [...all.values()];
}

/** The actions whose every check is granted; unsupported actions are never allowed. */
export function allowedActions(actions: readonly Action[], kind: AccessKind, subresources: boolean | Capabilities, granted: (c: ResourceCheck) => boolean): Set<Action> {
  return new Set(actions.filter((a) => requiredChecks(a, kind, subresources)?.every(granted) ?? false));
}
