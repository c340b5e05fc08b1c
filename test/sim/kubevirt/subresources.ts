// virt-api's lifecycle subresources: the checks, error messages and status codes of KubeVirt's REST handlers,
// and the spec patches or state change requests they leave on the VM for the controller.
import { ApiError, badRequest, conflict, internalError, notFound } from '../api-error';
import type { KubeObject, Store } from '../store';
import type { ClusterHooks, SubresourceCall, SubresourceHandler } from '../types';
import { findCondition, isTrue, withCondition, withoutCondition } from '../common/conditions';
import { recordEvent } from '../common/events';
import { SUBRESOURCE_GROUP, MIGRATIONS, VMIS, VMS } from './keys';
import { migrationFor } from './migration';
import { liftPin } from './pins';
import { runStrategyOf, vmSpec, type RunStrategy } from './run-strategy';
import { isFinal, vmiStatus, vmStatus, type StateChangeRequest } from './status-types';
import { vmiSpecOf } from './builders';

type FieldType = 'boolean' | 'number' | 'string' | 'string[]' | 'object';

/** Decodes an options body like Go's json.Unmarshal into the named struct: wrong types are 400s. */
export function decode(call: SubresourceCall, struct: string, fields: Record<string, FieldType>): Record<string, unknown> {
  const body = call.body;
  if (body === undefined || body === null) return {};
  const typeName = (v: unknown) => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
  if (typeName(body) !== 'object') throw badRequest(`Can not unmarshal Request body to struct, error: json: cannot unmarshal ${typeName(body)} into Go value of type v1.${struct}`);
  const record = body as Record<string, unknown>;
  for (const [field, type] of Object.entries(fields)) {
    const value = record[field];
    if (value === undefined || value === null) continue;
    const ok = type === 'string[]' ? Array.isArray(value) && value.every((v) => typeof v === 'string') : type === 'number' ? Number.isInteger(value) : typeName(value) === type;
    if (!ok) throw badRequest(`Can not unmarshal Request body to struct, error: json: cannot unmarshal ${typeName(value)} into Go struct field ${struct}.${field} of type ${type === 'number' ? 'int64' : type === 'string[]' ? '[]string' : type === 'object' ? 'map[string]string' : type === 'string' ? 'string' : 'bool'}`);
  }
  return record;
}

export const isDryRun = (call: SubresourceCall, options: Record<string, unknown>) =>
  call.dryRun || (Array.isArray(options.dryRun) && options.dryRun.includes('All'));

const vmConflict = (name: string, why: string) => conflict('virtualmachine', 'kubevirt.io', name, why);
const vmiConflict = (name: string, why: string) => conflict('virtualmachineinstance', 'kubevirt.io', name, why);
const UNDERWAY = 'unable to complete request: stop/start already underway';

/** What virt-api's `/version` answers (kubevirt.io/client-go/version.Info), for the release the launcher image names. */
export const KUBEVIRT_VERSION = {
  gitVersion: 'v1.5.2',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2025-06-01T00:00:00Z',
  goVersion: 'go1.23.9',
  compiler: 'gc',
  platform: 'linux/amd64',
};

export function installSubresources(hooks: ClusterHooks): void {
  const { store } = hooks;
  const getVm = (call: SubresourceCall) => store.get(VMS, call.namespace, call.name) ?? raise(notFound('virtualmachine', 'kubevirt.io', call.name));
  const getVmi = (call: SubresourceCall) => store.get(VMIS, call.namespace, call.name) ?? raise(notFound('virtualmachineinstance', 'kubevirt.io', call.name));
  const strategyOf = (vm: KubeObject) => {
    try {
      return runStrategyOf(vm);
    } catch (error) {
      throw internalError((error as Error).message);
    }
  };
  const vmRoute = (sub: string, handler: SubresourceHandler) => hooks.addSubresource(SUBRESOURCE_GROUP, 'virtualmachines', sub, 'PUT', handler);
  const vmiRoute = (sub: string, method: 'GET' | 'PUT', handler: SubresourceHandler) => hooks.addSubresource(SUBRESOURCE_GROUP, 'virtualmachineinstances', sub, method, handler);

  vmRoute('start', (call) => {
    const options = decode(call, 'StartOptions', { paused: 'boolean', dryRun: 'string[]' });
    const vm = getVm(call);
    if (isTrue(vmStatus(vm).conditions, 'ManualRecoveryRequired')) throw vmConflict(call.name, 'VM recovery required: Volume migration failed, the VM must be restarted or the volumes must be restored');
    const strategy = strategyOf(vm);
    const vmi = store.get(VMIS, call.namespace, call.name);
    const phase = vmi && vmiStatus(vmi).phase;
    if (vmi && !isFinal(vmi) && phase && phase !== 'Unknown') throw vmConflict(call.name, 'VM is already running');
    const data = options.paused ? { paused: 'true' } : undefined;
    const start: StateChangeRequest = data ? { action: 'Start', data } : { action: 'Start' };
    let change: ((vm: KubeObject) => KubeObject) | undefined;
    switch (strategy) {
      case 'Always':
      case 'Once':
        throw vmConflict(call.name, `${strategy} does not support manual start requests`);
      case 'Halted':
        if (options.paused) {
          if (vmStatus(vm).stateChangeRequests?.length) throw internalError(UNDERWAY);
          change = (v) => withRequests(v, [start]);
        } else change = (v) => withRunStrategy(v, 'Always');
        break;
      case 'Manual':
      case 'RerunOnFailure': {
        if (strategy === 'RerunOnFailure' && phase === 'Failed') throw vmConflict(call.name, 'RerunOnFailure does not support starting VM from failed state');
        if (vmStatus(vm).stateChangeRequests?.length) throw internalError(UNDERWAY);
        const restart = !!vmi && (strategy === 'Manual' ? isFinal(vmi) : phase === 'Succeeded');
        change = (v) => withRequests(v, restart ? [{ action: 'Stop', uid: vmi!.metadata.uid }, start] : [start]);
        break;
      }
      default:
        break;
    }
    if (!isDryRun(call, options)) apply(store, vm, change);
    return { code: 202 };
  });

  vmRoute('stop', (call) => {
    const options = decode(call, 'StopOptions', { gracePeriod: 'number', dryRun: 'string[]' });
    const grace = options.gracePeriod as number | undefined;
    const vm = getVm(call);
    const strategy = strategyOf(vm);
    const vmi = store.get(VMIS, call.namespace, call.name);
    const running = !!vmi && !isFinal(vmi);
    let change: ((vm: KubeObject) => KubeObject) | undefined;
    switch (strategy) {
      case 'Halted': {
        if (!running) throw vmConflict(call.name, 'VM is not running');
        const current = vmiSpecOf(vmi).terminationGracePeriodSeconds;
        if (grace === undefined || (current !== undefined && grace >= current)) throw vmConflict(call.name, 'Halted only supports manual stop requests with a shorter graceperiod');
        break;
      }
      case 'Manual':
      case 'RerunOnFailure':
        if (!running) throw vmConflict(call.name, 'VM is not running');
        change = (v) => withRequests(v, [{ action: 'Stop', uid: vmi.metadata.uid }]);
        break;
      case 'Always':
      case 'Once':
        change = (v) => withRunStrategy(v, 'Halted');
        break;
      default:
        break;
    }
    if (!isDryRun(call, options)) {
      if (grace !== undefined && running) setGracePeriod(store, vmi, grace);
      apply(store, vm, change);
    }
    return { code: 202 };
  });

  vmRoute('restart', (call) => {
    const options = decode(call, 'RestartOptions', { gracePeriodSeconds: 'number', dryRun: 'string[]' });
    const grace = options.gracePeriodSeconds as number | undefined;
    if (grace !== undefined && grace > 0) throw badRequest('For force restart, only gracePeriod=0 is supported for now');
    if (grace !== undefined && grace < 0) throw badRequest(`gracePeriodSeconds must not be negative, got ${grace}`);
    const vm = getVm(call);
    const strategy = strategyOf(vm);
    if (strategy === 'Halted' || strategy === 'Once') throw vmConflict(call.name, `RunStategy ${strategy} does not support manual restart requests`);
    const vmi = store.get(VMIS, call.namespace, call.name);
    if (!vmi) throw vmConflict(call.name, 'VM is not running: Halted');
    if (isTrue(vmStatus(vm).conditions, 'VolumesChange')) throw vmConflict(call.name, 'VM recovery required: Volume migration failed, the VM must be restarted or the volumes must be restored');
    if (vmStatus(vm).stateChangeRequests?.length) throw internalError(UNDERWAY);
    if (!isDryRun(call, options)) {
      if (grace === 0) setGracePeriod(store, vmi, 0);
      apply(store, vm, (v) => withRequests(v, [{ action: 'Stop', uid: vmi.metadata.uid }, { action: 'Start' }]));
    }
    return { code: 202 };
  });

  vmRoute('migrate', (call) => {
    const options = decode(call, 'MigrateOptions', { dryRun: 'string[]', addedNodeSelector: 'object' });
    const vm = getVm(call);
    const vmi = getVmi(call);
    if (vmiStatus(vmi).phase !== 'Running') throw vmConflict(call.name, 'VM is not running');
    if (!isDryRun(call, options)) {
      liftPin(store, vm);
      store.create(MIGRATIONS, migrationFor(call.namespace, call.name, options.addedNodeSelector as Record<string, string> | undefined));
    }
    return { code: 202 };
  });

  vmiRoute('pause', 'PUT', (call) => {
    const options = decode(call, 'PauseOptions', { dryRun: 'string[]' });
    const vmi = getVmi(call);
    if (vmiStatus(vmi).phase !== 'Running') throw vmiConflict(call.name, 'VM is not running');
    const probe = vmiSpecOf(vmi).livenessProbe;
    if (probe && !probe.guestAgentPing) throw new ApiError(403, 'Forbidden', 'Pausing VMIs with a non-GuestAgentPing LivenessProbe is not supported', { name: call.name, group: 'kubevirt.io', kind: 'virtualmachineinstance' });
    if (findCondition(vmiStatus(vmi).conditions, 'Paused')) throw vmiConflict(call.name, 'VMI is already paused');
    if (!isDryRun(call, options)) {
      const conditions = withCondition(vmiStatus(vmi).conditions, { type: 'Paused', status: 'True', reason: 'PausedByUser', message: 'VMI was paused by user' });
      store.update(VMIS, { ...vmi, status: { ...vmiStatus(vmi), conditions } });
      recordEvent(store, vmi, { reason: 'Paused', message: 'VirtualMachineInstance paused', component: 'virt-handler', host: vmiStatus(vmi).nodeName });
    }
    return { code: 200 };
  });

  vmiRoute('unpause', 'PUT', (call) => {
    const options = decode(call, 'UnpauseOptions', { dryRun: 'string[]' });
    const vmi = getVmi(call);
    const vm = store.get(VMS, call.namespace, call.name);
    if (vm && vmStatus(vm).snapshotInProgress) throw vmiConflict(call.name, 'VM snapshot is in progress');
    if (vmiStatus(vmi).phase !== 'Running') throw vmiConflict(call.name, 'VMI is not running');
    if (!findCondition(vmiStatus(vmi).conditions, 'Paused')) throw vmiConflict(call.name, 'VMI is not paused');
    if (!isDryRun(call, options)) {
      store.update(VMIS, { ...vmi, status: { ...vmiStatus(vmi), conditions: withoutCondition(vmiStatus(vmi).conditions, 'Paused') } });
      recordEvent(store, vmi, { reason: 'Unpaused', message: 'VirtualMachineInstance unpaused', component: 'virt-handler', host: vmiStatus(vmi).nodeName });
    }
    return { code: 200 };
  });

  vmiRoute('softreboot', 'PUT', (call) => {
    const vmi = getVmi(call);
    const conditions = vmiStatus(vmi).conditions;
    if (vmiStatus(vmi).phase !== 'Running') throw vmiConflict(call.name, 'VM is not running');
    if (isTrue(conditions, 'Paused')) throw vmiConflict(call.name, 'VMI is paused');
    const acpi = vmiSpecOf(vmi).domain?.features?.acpi?.enabled !== false;
    if (!isTrue(conditions, 'AgentConnected') && !acpi) throw vmiConflict(call.name, 'VMI neither have the agent connected nor the ACPI feature enabled');
    if (!call.dryRun) recordEvent(store, vmi, { reason: 'SoftRebooted', message: 'VirtualMachineInstance soft rebooted', component: 'virt-handler', host: vmiStatus(vmi).nodeName });
    return { code: 200 };
  });
  // virt-api's own version (a GET of the group's `version` collection, so RBAC asks for `list`).
  hooks.addSubresource(SUBRESOURCE_GROUP, 'version', '', 'GET', () => ({ code: 200, body: KUBEVIRT_VERSION }));
}

function raise(error: ApiError): never {
  throw error;
}

/** The spec patch start/stop send: runStrategy, or `running` for VMs that still use the deprecated field. */
function withRunStrategy(vm: KubeObject, strategy: RunStrategy): KubeObject {
  const spec = vmSpec(vm);
  const next = spec.running !== undefined && spec.running !== null ? { ...spec, running: strategy === 'Always' } : { ...spec, runStrategy: strategy };
  return { ...vm, spec: next };
}

function withRequests(vm: KubeObject, requests: StateChangeRequest[]): KubeObject {
  return { ...vm, status: { ...vmStatus(vm), stateChangeRequests: requests } };
}

/** Lifts any pin (a user acted on the VM), then stores the change. */
function apply(store: Store, vm: KubeObject, change: ((vm: KubeObject) => KubeObject) | undefined): void {
  const current = liftPin(store, vm);
  if (change) store.update(VMS, change(current));
}

function setGracePeriod(store: Store, vmi: KubeObject, seconds: number): void {
  store.update(VMIS, { ...vmi, spec: { ...vmiSpecOf(vmi), terminationGracePeriodSeconds: seconds } });
}
