// Example manifests of the project's own for the authoring tests, in the layout `kubectl get -o yaml` writes (keys
// sorted), so the tests need nothing outside the repository. The real-world corpus in ../shared/fixtures, when
// present, is an extra run over the same code (see fixtures.ts).

/** A stopped VM: a containerDisk and a cloud-init disk on virtio, a shell script as user data. */
export const VM_CONTAINERDISK = `---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  labels:
    app: web-vm
  name: web-vm
spec:
  runStrategy: Halted
  template:
    metadata:
      labels:
        app: web-vm
    spec:
      domain:
        devices:
          disks:
          - disk:
              bus: virtio
            name: rootdisk
          - disk:
              bus: virtio
            name: cloudinitdisk
        memory:
          guest: 256Mi
        resources: {}
      terminationGracePeriodSeconds: 0
      volumes:
      - containerDisk:
          image: quay.io/containerdisks/fedora:41
        name: rootdisk
      - cloudInitNoCloud:
          userData: |
            #!/bin/sh

            echo 'hello from the workbench tests'
        name: cloudinitdisk
`;

/** A VM that declares no disks: KubeVirt attaches its two volumes as default disks. */
export const VM_DEFAULT_DISKS = `---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata:
  name: default-disks
spec:
  runStrategy: Halted
  template:
    spec:
      domain:
        devices: {}
        memory:
          guest: 256Mi
        resources: {}
      terminationGracePeriodSeconds: 0
      volumes:
      - containerDisk:
          image: quay.io/containerdisks/fedora:41
        name: rootdisk
      - cloudInitNoCloud:
          userData: |
            #!/bin/sh
            echo ready
        name: cloudinitdisk
`;

/** A VMI with a masquerade interface on the pod network and #cloud-config user data. */
export const VMI_CLOUD_CONFIG = `---
apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: config-vmi
spec:
  domain:
    devices:
      disks:
      - disk:
          bus: virtio
        name: rootdisk
      - disk:
          bus: virtio
        name: cloudinitdisk
      interfaces:
      - masquerade: {}
        name: default
    memory:
      guest: 1Gi
    resources: {}
  networks:
  - name: default
    pod: {}
  terminationGracePeriodSeconds: 0
  volumes:
  - containerDisk:
      image: quay.io/containerdisks/fedora:41
    name: rootdisk
  - cloudInitNoCloud:
      userData: |-
        #cloud-config
        password: workbench
        chpasswd: { expire: False }
    name: cloudinitdisk
`;

/** A VMI whose cloud-init has network data (not embedded) besides #cloud-config user data. */
export const VMI_NETWORK_DATA = `---
apiVersion: kubevirt.io/v1
kind: VirtualMachineInstance
metadata:
  name: web-vmi
spec:
  domain:
    devices:
      disks:
      - disk:
          bus: virtio
        name: cloudinitdisk
    memory:
      guest: 1Gi
  volumes:
  - cloudInitNoCloud:
      networkData: |
        version: 2
        ethernets:
          eth0:
            dhcp4: true
      userData: |-
        #cloud-config
        packages:
          - httpd
        runcmd:
          - [ "systemctl", "enable", "--now", "httpd" ]
    name: cloudinitdisk
`;

/** A Deployment whose pods run in Kata with Firecracker. */
export const DEPLOYMENT_KATA_FC = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web-fc
spec:
  selector:
    matchLabels:
      app: web
  replicas: 2
  template:
    metadata:
      labels:
        app: web
    spec:
      runtimeClassName: kata-fc
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`;

/** A pod in gVisor. */
export const POD_GVISOR = `apiVersion: v1
kind: Pod
metadata:
  name: web-gvisor
spec:
  runtimeClassName: gvisor
  containers:
  - name: web
    image: nginx:1.27
`;

/** `line:character-line:character` of the `occurrence`-th (from 0) `needle` in `text`, as findings print ranges. */
export function spanOf(text: string, needle: string, occurrence = 0): string {
  let offset = -1;
  for (let i = 0; i <= occurrence; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`${JSON.stringify(needle)} occurs fewer than ${occurrence + 1} times`);
  }
  const position = (at: number) => {
    const before = text.slice(0, at).split('\n');
    return `${before.length - 1}:${before[before.length - 1].length}`;
  };
  return `${position(offset)}-${position(offset + needle.length)}`;
}
