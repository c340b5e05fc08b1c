// virt-api's validating/mutating webhooks for VirtualMachines and migrations.
import { ApiError } from '../api-error';
import type { KubeObject } from '../store';
import type { ClusterHooks } from '../types';
import { MIGRATIONS, VMS } from './keys';
import { MUTUALLY_EXCLUSIVE, RUN_STRATEGIES, vmSpec } from './run-strategy';
import { vmStatus } from './status-types';

/** An admission webhook denial with field causes, as kube-apiserver relays KubeVirt's 422 answers. */
function denied(webhook: string, kind: string, object: KubeObject, causes: { field: string; message: string }[]): ApiError {
  const message = `admission webhook "${webhook}" denied the request: ${causes.map((c) => `${c.field}: ${c.message}`).join(', ')}`;
  return new ApiError(422, 'Invalid', message, { name: object.metadata.name, group: 'kubevirt.io', kind, causes: causes.map((c) => ({ reason: 'FieldValueInvalid', ...c })) });
}

export function installAdmission(hooks: ClusterHooks): void {
  hooks.addAdmission(VMS, (vm, old) => {
    const spec = vmSpec(vm);
    const causes: { field: string; message: string }[] = [];
    if (spec.running !== undefined && spec.running !== null && spec.runStrategy) causes.push({ field: 'spec.running', message: MUTUALLY_EXCLUSIVE });
    if (spec.runStrategy && !(RUN_STRATEGIES as readonly string[]).includes(spec.runStrategy)) {
      causes.push({ field: 'spec.runStrategy', message: `Invalid RunStrategy (${spec.runStrategy})` });
    }
    if (!spec.template) causes.push({ field: 'spec.template', message: 'missing virtual machine template.' });
    if (causes.length) throw denied('virtualmachine-validator.kubevirt.io', 'VirtualMachine', vm, causes);
    // The CRD default (+kubebuilder:default) of status.printableStatus.
    if (!old && !vmStatus(vm).printableStatus) vm.status = { ...vmStatus(vm), printableStatus: 'Stopped' };
  });
  hooks.addAdmission(MIGRATIONS, (migration, old) => {
    const vmiName = (migration.spec as { vmiName?: string } | undefined)?.vmiName;
    if (!old && !vmiName) throw denied('migration-create-validator.kubevirt.io', 'VirtualMachineInstanceMigration', migration, [{ field: 'spec.vmiName', message: 'vmiName is missing or empty' }]);
  });
}
