// The VM condition RestartRequired: the running VMI was created from a template that has since changed in a field
// that cannot be updated live (KubeVirt pkg/virt-controller/watch/vm/vm.go syncRestartRequired, with the default
// LiveUpdate rollout strategy). Hotplugged volumes and disks, CPU sockets, guest memory, node selector, affinity and
// tolerations count as live-updatable and are left out of the comparison (the simulation does not apply them to the
// running VMI). A new VMI is created from the current template, so a restart clears the condition.
import type { KubeObject } from '../store';
import type { Condition } from '../common/conditions';
import { vmiSpecOf } from './builders';
import { isHotpluggable, type Volume } from './hotplug';
import { vmSpec } from './run-strategy';
import { isFinal } from './status-types';

export const RESTART_REQUIRED_MESSAGE = 'a non-live-updatable field was changed in the template spec';

type Spec = { volumes?: Volume[]; domain?: { devices?: { disks?: { name?: string }[] }; cpu?: Record<string, unknown>; memory?: Record<string, unknown> }; [field: string]: unknown };

/** The template or VMI spec without what a running VMI may differ in. */
function comparable(input: unknown): Spec {
  const spec = structuredClone((input ?? {}) as Spec);
  const hotplugged = new Set((spec.volumes ?? []).filter(isHotpluggable).map((v) => v.name));
  spec.volumes = (spec.volumes ?? []).filter((v) => !hotplugged.has(v.name));
  if (spec.domain?.devices?.disks) spec.domain.devices.disks = spec.domain.devices.disks.filter((d) => !hotplugged.has(d.name ?? ''));
  if (spec.domain?.cpu) delete spec.domain.cpu.sockets;
  if (spec.domain?.memory) delete spec.domain.memory.guest;
  for (const field of ['startStrategy', 'nodeSelector', 'affinity', 'tolerations']) delete spec[field];
  return spec;
}

/** JSON with object keys sorted, so an edit that reorders fields changes nothing. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().filter((k) => (value as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value);
}

export function restartRequiredCondition(vm: KubeObject, vmi: KubeObject | undefined): Condition[] {
  if (!vmi || vmi.metadata.deletionTimestamp || isFinal(vmi)) return [];
  if (canonical(comparable(vmSpec(vm).template?.spec)) === canonical(comparable(vmiSpecOf(vmi)))) return [];
  return [{ type: 'RestartRequired', status: 'True', message: RESTART_REQUIRED_MESSAGE }];
}
