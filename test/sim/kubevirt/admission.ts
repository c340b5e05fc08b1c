// virt-api's validating/mutating webhooks for VirtualMachines and migrations.
import { ApiError } from '../api-error';
import type { ClusterHooks } from '../types';
import { MIGRATIONS, VMS } from './keys';
import { MUTUALLY_EXCLUSIVE, RUN_STRATEGIES, vmSpec } from './run-strategy';

/**
 * An admission webhook denial, as kube-apiserver relays virt-api's answer: virt-api joins the causes' messages
 * (without their fields) into a 422 Invalid whose details carry only the causes; kube-apiserver prefixes the
 * message with the webhook's name.
 */
function denied(webhook: string, causes: { field: string; message: string }[]): ApiError {
  const message = `admission webhook "${webhook}" denied the request: ${causes.map((c) => c.message).join(', ')}`;
  return new ApiError(422, 'Invalid', message, { causes: causes.map((c) => ({ reason: 'FieldValueInvalid', ...c })) });
}

export function installAdmission(hooks: ClusterHooks): void {
  hooks.addAdmission(VMS, (vm) => {
    const spec = vmSpec(vm);
    const causes: { field: string; message: string }[] = [];
    if (spec.running !== undefined && spec.running !== null && spec.runStrategy) causes.push({ field: 'spec.running', message: MUTUALLY_EXCLUSIVE });
    if (spec.runStrategy && !(RUN_STRATEGIES as readonly string[]).includes(spec.runStrategy)) {
      causes.push({ field: 'spec.runStrategy', message: `Invalid RunStrategy (${spec.runStrategy})` });
    }
    if (!spec.template) causes.push({ field: 'spec.template', message: 'missing virtual machine template.' });
    if (causes.length) throw denied('virtualmachine-validator.kubevirt.io', causes);
  });
  hooks.addAdmission(MIGRATIONS, (migration, old) => {
    const vmiName = (migration.spec as { vmiName?: string } | undefined)?.vmiName;
    if (!old && !vmiName) throw denied('migration-create-validator.kubevirt.io', [{ field: 'spec.vmiName', message: 'vmiName is missing or empty' }]);
  });
}
