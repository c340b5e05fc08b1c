// The RBAC checks behind each action: the exact subresource (group `subresources.kubevirt.io`) when virt-api's
// aggregated API is served, else the kubevirt.io/v1 verbs of the fallback (reference §1.6). An action with no
// fallback (pause, console, …) is unsupported on a cluster without the subresource API.
import type { AccessKind, Action } from './actions';

export const SUBRESOURCE_GROUP = 'subresources.kubevirt.io';
export const KUBEVIRT_GROUP = 'kubevirt.io';

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

const VMS = 'virtualmachines';
const VMIS = 'virtualmachineinstances';
const MIGRATIONS = 'virtualmachineinstancemigrations';

/** What an action needs on this cluster, or undefined when the cluster cannot do it at all. */
export function requiredChecks(action: Action, kind: AccessKind, subresources: boolean): ResourceCheck[] | undefined {
  if (kind === 'pod') return podChecks(action);
  const own = kind === 'vm' ? VMS : VMIS;
  switch (action) {
    case 'start':
    case 'stop':
      if (kind !== 'vm') return undefined;
      return [subresources ? sub('update', VMS, action) : kv('patch', VMS)];
    case 'forceStop':
      if (kind !== 'vm') return undefined;
      return subresources ? [sub('update', VMS, 'stop')] : [kv('patch', VMS), kv('delete', VMIS)];
    case 'restart':
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
export function checksFor(actions: readonly Action[], kinds: readonly AccessKind[], subresources: boolean): ResourceCheck[] {
  const all = new Map<string, ResourceCheck>();
  for (const kind of kinds) {
    for (const action of actions) for (const c of requiredChecks(action, kind, subresources) ?? []) all.set(checkKey(c), c);
  }
  return [...all.values()];
}

/** The actions whose every check is granted; unsupported actions are never allowed. */
export function allowedActions(actions: readonly Action[], kind: AccessKind, subresources: boolean, granted: (c: ResourceCheck) => boolean): Set<Action> {
  return new Set(actions.filter((a) => requiredChecks(a, kind, subresources)?.every(granted) ?? false));
}
