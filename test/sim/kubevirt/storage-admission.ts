// virt-api's validating webhooks for snapshots, restores and clones (KubeVirt pkg/storage/admitters/vmsnapshot.go,
// vmrestore.go, pkg/virt-api/webhooks/validating-webhook/admitters/vmclone-admitter.go): on create the source or
// target reference, a restore already running for the same target, clone filters and MAC addresses; afterwards the
// spec is immutable.
import type { KubeObject, Store } from '../store';
import { nameSuffix } from '../common/time';
import type { ClusterHooks } from '../types';
import { CLONES, RESTORES, SNAPSHOTS } from './keys';
import { webhookDenied, type Cause } from './webhook';

type Reference = { apiGroup?: string; kind?: string; name?: string };
const specOf = <T>(object: KubeObject) => (object.spec ?? {}) as T;
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const IMMUTABLE: Cause = { field: 'spec', message: 'spec in immutable after creation' };

/** A VirtualMachine reference in `spec.<field>`: apiGroup kubevirt.io and kind VirtualMachine. */
function vmReference(ref: Reference | undefined, field: string): Cause[] {
  if (!ref?.apiGroup) return [{ field: `spec.${field}.apiGroup`, message: 'missing apiGroup', reason: 'FieldValueNotFound' }];
  if (ref.apiGroup !== 'kubevirt.io') return [{ field: `spec.${field}.apiGroup`, message: 'invalid apiGroup' }];
  if (ref.kind !== 'VirtualMachine') return [{ field: `spec.${field}.kind`, message: 'invalid kind' }];
  return [];
}

function restoreCauses(store: Store, restore: KubeObject): Cause[] {
  const spec = specOf<{ target?: Reference; volumeRestorePolicy?: string; volumeOwnershipPolicy?: string; patches?: string[] }>(restore);
  const causes = vmReference(spec.target, 'target');
  for (const patch of spec.patches ?? []) {
    const path = /"path"\s*:\s*"([^"]*)"/.exec(patch)?.[1];
    if (path !== undefined && !/^\/(spec\/|metadata\/labels\/|metadata\/annotations\/)/.test(path)) {
      causes.push({ field: 'spec.patches', message: `patching is valid only for elements under /spec/ only: "path": "${path}"` });
    }
  }
  if (spec.volumeRestorePolicy && !['InPlace', 'RandomizeNames', 'PrefixTargetName'].includes(spec.volumeRestorePolicy)) {
    causes.push({ field: 'spec.volumeRestorePolicy', message: `volume restore policy "${spec.volumeRestorePolicy}" doesn't exist` });
  }
  if (spec.volumeOwnershipPolicy && !['Vm', 'None'].includes(spec.volumeOwnershipPolicy)) {
    causes.push({ field: 'spec.volumeOwnershipPolicy', message: `volume ownership policy "${spec.volumeOwnershipPolicy}" doesn't exist` });
  }
  for (const other of store.list(RESTORES, restore.metadata.namespace)) {
    const complete = (other.status as { complete?: boolean } | undefined)?.complete;
    if (other.metadata.name !== restore.metadata.name && sameJson(specOf<{ target?: Reference }>(other).target, spec.target) && !complete) {
      causes.push({ field: 'spec.target', message: `VirtualMachineRestore "${other.metadata.name}" in progress` });
    }
  }
  return causes;
}

/** Clone filters: `!` only at the start, `*` only at the end. */
function filterCauses(filters: string[] | undefined, field: string): Cause[] {
  const causes: Cause[] = [];
  const rule = (filter: string, kind: string, char: string, why: string) => `${field} filter ${filter} is invalid: cannot contain a ${kind} character (${char}); FilterRules: ${why}`;
  for (const filter of filters ?? []) {
    if (filter.length === 1) {
      if (filter === '!') causes.push({ field, message: 'a negation character is not a valid filter' });
      continue;
    }
    if (filter.slice(1).includes('!')) causes.push({ field, message: rule(filter, 'negation', '!', 'NegationChar can be only used at the beginning of the filter') });
    if (filter.slice(0, -1).includes('*')) causes.push({ field, message: rule(filter, 'wildcard', '*', 'WildcardChar can be only at the end of the filter') });
  }
  return causes;
}

const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;

type CloneSpec = {
  source?: Reference; target?: Reference; labelFilters?: string[]; annotationFilters?: string[];
  template?: { labelFilters?: string[]; annotationFilters?: string[] }; newMacAddresses?: Record<string, string>; patches?: string[];
};

/** The clone mutator: a clone without a target name gets `clone-<source>-<suffix>`. */
function defaultCloneTarget(clone: KubeObject): void {
  const spec = specOf<CloneSpec>(clone);
  const name = `clone-${spec.source?.name ?? ''}-${nameSuffix()}`;
  if (!spec.target) clone.spec = { ...spec, target: { apiGroup: 'kubevirt.io', kind: 'VirtualMachine', name } };
  else if (!spec.target.name) clone.spec = { ...spec, target: { ...spec.target, name } };
}

function cloneCauses(clone: KubeObject): Cause[] {
  const spec = specOf<CloneSpec>(clone);
  const causes = [
    ...filterCauses(spec.annotationFilters, 'spec.annotations'), ...filterCauses(spec.labelFilters, 'spec.labels'),
    ...filterCauses(spec.template?.annotationFilters, 'spec.template.annotations'), ...filterCauses(spec.template?.labelFilters, 'spec.template.labels'),
  ];
  if (!['VirtualMachine', 'VirtualMachineSnapshot'].includes(spec.source?.kind ?? '')) causes.push({ field: 'spec.Source.Kind', message: 'Source kind is not supported' });
  if (spec.target && spec.target.kind !== 'VirtualMachine') causes.push({ field: 'spec.Target.Kind', message: 'Target kind is not supported' });
  if (!spec.source) causes.push({ field: 'spec.Source', message: 'Source cannot be nil' });
  else {
    if (!spec.source.apiGroup) causes.push({ field: 'spec.Source.APIGroup', message: "Source's APIGroup cannot be empty" });
    if (!spec.source.kind) causes.push({ field: 'spec.Source', message: "Source's Kind cannot be empty" });
    if (!spec.source.name) causes.push({ field: 'spec.Source.Name', message: "Source's name cannot be empty" });
  }
  if (spec.source?.kind === 'VirtualMachine' && spec.target?.kind === 'VirtualMachine' && spec.target.name === spec.source.name) {
    causes.push({ field: 'spec.target.name', message: 'Target name cannot be equal to source name when both are VirtualMachines' });
  }
  for (const [iface, mac] of Object.entries(spec.newMacAddresses ?? {})) {
    if (mac && !MAC.test(mac)) causes.push({ field: `spec.newMacAddresses.${iface}`, message: `interface ${iface} has malformed MAC address (${mac}).` });
  }
  (spec.patches ?? []).forEach((patch, i) => {
    try {
      JSON.parse(patch);
    } catch {
      causes.push({ field: `spec.patches[${i}]`, message: `patch is not valid JSON (${patch})` });
    }
  });
  return causes;
}

export function installStorageAdmission(hooks: ClusterHooks): void {
  const admit = (resource: string, webhook: string, kind: string, group: string, onCreate: (object: KubeObject) => Cause[]) =>
    hooks.addAdmission(resource, (object, old) => {
      const causes = old ? (sameJson(old.spec, object.spec) ? [] : [IMMUTABLE]) : onCreate(object);
      if (causes.length) throw webhookDenied(webhook, kind, object.metadata.name, group, causes);
    });
  admit(SNAPSHOTS, 'virtualmachinesnapshot-validator.snapshot.kubevirt.io', 'VirtualMachineSnapshot', 'snapshot.kubevirt.io',
    (snapshot) => vmReference(specOf<{ source?: Reference }>(snapshot).source, 'source'));
  admit(RESTORES, 'virtualmachinerestore-validator.snapshot.kubevirt.io', 'VirtualMachineRestore', 'snapshot.kubevirt.io', (restore) => restoreCauses(hooks.store, restore));
  admit(CLONES, 'vm-clone-validator.kubevirt.io', 'VirtualMachineClone', 'clone.kubevirt.io', (clone) => {
    defaultCloneTarget(clone);
    return cloneCauses(clone);
  });
}
