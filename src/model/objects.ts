// The KubeVirt, CDI and pod objects the model reads. Objects arrive from the API as plain JSON; their parts
// are the types generated from KubeVirt's and Kubernetes' OpenAPI (type-only imports, nothing reaches the
// bundle). Pods use the generated Kubernetes types rather than client-node's, whose dates are Date objects
// where plain JSON has strings. The envelope stays KubeObject: the generated ObjectMeta makes even the name
// optional, and the API always serves one.
import type { V1beta1DataVolumeSpec, V1beta1DataVolumeStatus } from '@kubevirt-ui-ext/kubevirt-api/containerized-data-importer';
import type { V1Disk, V1InstancetypeMatcher, V1VirtualMachineInstanceSpec, V1VirtualMachineSpec, V1VirtualMachineStatus, V1Volume } from '@kubevirt-ui-ext/kubevirt-api/kubevirt';
import type {
  IoK8sApiCoreV1ContainerState,
  IoK8sApiCoreV1PersistentVolumeClaimSpec,
  IoK8sApiCoreV1PersistentVolumeClaimStatus,
  IoK8sApiCoreV1PodSpec,
  IoK8sApiCoreV1PodStatus,
} from '@kubevirt-ui-ext/kubevirt-api/kubernetes';
import type { KubeObject } from './kubeObject';
import type { VmiStatus } from './vmStatus';

export type { KubeObject } from './kubeObject';

export type Matcher = V1InstancetypeMatcher;

/** A disk of a VMI spec (one of disk, cdrom, lun). */
export type Disk = V1Disk;

/** A volume of a VMI spec; hotplugged ones are PVC or DataVolume volumes marked hotpluggable. */
export type Volume = V1Volume;

/** A VMI spec as served: the generated type requires `domain`, which a partial template or a test may omit. */
export type VmiSpec = Partial<V1VirtualMachineInstanceSpec>;

export interface VirtualMachine extends KubeObject {
  /** The generated spec requires `template`; objects being written may lack it. */
  spec?: Partial<Omit<V1VirtualMachineSpec, 'template'>> & { template?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec?: VmiSpec } };
  status?: V1VirtualMachineStatus;
}

export interface VirtualMachineInstance extends KubeObject {
  spec?: VmiSpec;
  status?: VmiStatus;
}

/** A container's state as the kubelet reports it: waiting, running or terminated. */
export type ContainerState = IoK8sApiCoreV1ContainerState;

export interface Pod extends KubeObject {
  spec?: Partial<IoK8sApiCoreV1PodSpec>;
  status?: IoK8sApiCoreV1PodStatus;
}

/** CDI's DataVolume, as far as its phase and conditions go. */
export interface DataVolume extends KubeObject {
  spec?: Partial<V1beta1DataVolumeSpec>;
  status?: V1beta1DataVolumeStatus;
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: IoK8sApiCoreV1PersistentVolumeClaimSpec;
  status?: IoK8sApiCoreV1PersistentVolumeClaimStatus;
}
