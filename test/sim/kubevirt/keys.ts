// Store keys, labels, annotations and finalizers the KubeVirt simulation shares.

export const VMS = 'virtualmachines.kubevirt.io';
export const VMIS = 'virtualmachineinstances.kubevirt.io';
export const MIGRATIONS = 'virtualmachineinstancemigrations.kubevirt.io';
export const DATAVOLUMES = 'datavolumes.cdi.kubevirt.io';
export const PVCS = 'persistentvolumeclaims';
export const PODS = 'pods';

export const API_VERSION = 'kubevirt.io/v1';
export const SUBRESOURCE_GROUP = 'subresources.kubevirt.io';

/** Set by virt-controller on every VM so deleting it waits for its VMI (the VM shows Terminating meanwhile). */
export const VM_FINALIZER = 'kubevirt.io/virtualMachineControllerFinalize';
/** On every VMI: deletion first shuts the guest down (VMI Succeeded), then the VMI disappears. */
export const VMI_FINALIZER = 'foregroundDeleteVirtualMachine';

/**
 * A scenario annotation that holds a VM in one printableStatus (e.g. `ErrorUnschedulable`): the controller builds
 * the underlying VMI/pod/DataVolume/PVC state that yields it and stops there. A start/stop/restart/migrate
 * request on the VM lifts the pin.
 */
export const PIN_ANNOTATION = 'sim.kubevirt-workbench.io/pin-status';

export const LABEL_NODE = 'kubevirt.io/nodeName';
export const LABEL_LAUNCHER = 'kubevirt.io';
export const LABEL_CREATED_BY = 'kubevirt.io/created-by';
export const LABEL_VM_NAME = 'vm.kubevirt.io/name';
export const LABEL_VMI_ID = 'vmi.kubevirt.io/id';
export const LABEL_MIGRATION_UID = 'kubevirt.io/migrationJobUID';
export const LABEL_MIGRATION_VMI = 'kubevirt.io/vmi-name';

export const SNAPSHOTS = 'virtualmachinesnapshots.snapshot.kubevirt.io';
export const SNAPSHOT_CONTENTS = 'virtualmachinesnapshotcontents.snapshot.kubevirt.io';
export const RESTORES = 'virtualmachinerestores.snapshot.kubevirt.io';
export const CLONES = 'virtualmachineclones.clone.kubevirt.io';
export const KUBEVIRTS = 'kubevirts.kubevirt.io';

/**
 * On a VM template (copied to the VMI): `absent` when the guest runs no qemu-guest-agent, so AgentConnected never
 * comes. CirrOS images never have one.
 */
export const GUEST_AGENT_ANNOTATION = 'sim.kubevirt-workbench.io/guest-agent';
