import * as assert from 'node:assert/strict';
import { parseAllDocuments } from 'yaml';
import { COMMON_RUNTIME_CLASSES, generateMicroVmWorkload, runtimeClassDetail } from '../../../src/model/generators/microVmWorkload';
import { podSpecTargets } from '../../../src/model/generators/runtimeClassEdit';
import { generateTenant } from '../../../src/model/generators/tenant';
import { CONTAINER_DISK_IMAGES, generateVirtualMachine, type VmOptions } from '../../../src/model/generators/virtualMachine';
import { validateText } from '../../../src/model/validation/validate';
import { DEPLOYMENT_KATA_FC } from '../manifests';
import { applyEdits } from './edits';
import { kubevirtSchema } from './schema';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function objects(text: string): Json[] {
  const documents = parseAllDocuments(text);
  assert.ok(Array.isArray(documents));
  for (const d of documents) assert.deepEqual(d.errors, []);
  return documents.map((d) => d.toJS() as Json);
}

const KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExample user@laptop';

describe('authoring: generators', () => {
  describe('generateVirtualMachine', () => {
    const base: VmOptions = { name: 'web', source: { type: 'containerDisk', image: CONTAINER_DISK_IMAGES[0] }, sizing: { type: 'resources', cores: 2, memory: '4Gi' }, runStrategy: 'Always', user: 'fedora', sshPublicKey: KEY };

    const variants: [string, Partial<VmOptions>][] = [
      ['container disk, cores and memory', {}],
      ['DataVolume import', { source: { type: 'import', url: 'https://example.com/disk.qcow2', size: '10Gi' } }],
      ['existing PVC, instancetype and preference', { source: { type: 'pvc', claimName: 'golden' }, sizing: { type: 'instancetype', instancetype: 'u1.medium', preference: 'fedora' } }],
      ['no SSH key', { sshPublicKey: undefined, runStrategy: 'Manual' }],
    ];
    for (const [label, change] of variants) {
      it(`${label}: parses and validates with zero findings`, () => {
        const text = generateVirtualMachine({ ...base, ...change });
        objects(text);
        assert.deepEqual(validateText(text, kubevirtSchema()), []);
      });
    }

    it('puts the SSH key in a Secret propagated by accessCredentials, with a cloud-init user and no password', () => {
      const [secret, vm] = objects(generateVirtualMachine(base));
      assert.equal(secret.kind, 'Secret');
      assert.equal(secret.stringData.key, KEY);
      assert.equal(vm.spec.runStrategy, 'Always');
      assert.equal(vm.spec.running, undefined);
      const spec = vm.spec.template.spec;
      assert.deepEqual(spec.accessCredentials, [{ sshPublicKey: { source: { secret: { secretName: 'web-ssh-key' } }, propagationMethod: { noCloud: {} } } }]);
      assert.equal(spec.volumes[1].cloudInitNoCloud.userData, '#cloud-config\nuser: fedora\n');
      assert.deepEqual(spec.domain.cpu, { cores: 2 });
      assert.doesNotMatch(generateVirtualMachine(base), /password/);
    });

    it('imports through a DataVolume template and sizes by cluster instancetype', () => {
      const [, vm] = objects(generateVirtualMachine({ ...base, source: { type: 'import', url: 'docker://quay.io/x/y:1', size: '20Gi' }, sizing: { type: 'instancetype', instancetype: 'u1.large' } }));
      assert.deepEqual(vm.spec.dataVolumeTemplates[0].spec.source, { registry: { url: 'docker://quay.io/x/y:1' } });
      assert.equal(vm.spec.template.spec.volumes[0].dataVolume.name, 'web-rootdisk');
      assert.deepEqual(vm.spec.instancetype, { kind: 'VirtualMachineClusterInstancetype', name: 'u1.large' });
      assert.equal(vm.spec.template.spec.domain.cpu, undefined);
    });
  });

  describe('generateMicroVmWorkload', () => {
    it('sets runtimeClassName on a Pod and on a Deployment pod template', () => {
      const [pod] = objects(generateMicroVmWorkload({ kind: 'Pod', name: 'a', image: 'nginx', runtimeClassName: 'kata-fc' }));
      assert.equal(pod.spec.runtimeClassName, 'kata-fc');
      const [deployment] = objects(generateMicroVmWorkload({ kind: 'Deployment', name: 'a', image: 'nginx', runtimeClassName: 'gvisor', replicas: 3 }));
      assert.equal(deployment.spec.template.spec.runtimeClassName, 'gvisor');
      assert.deepEqual(deployment.spec.selector.matchLabels, deployment.spec.template.metadata.labels);
    });

    it('offers the common handlers offline, described by isolation and overhead', () => {
      assert.deepEqual(COMMON_RUNTIME_CLASSES.map((c) => c.name), ['kata-qemu', 'kata-clh', 'kata-fc', 'kata-dragonball', 'gvisor']);
      assert.equal(runtimeClassDetail(COMMON_RUNTIME_CLASSES[2]), 'Kata Firecracker · microVM · handler kata-fc · overhead memory 130Mi, cpu 250m');
      assert.equal(runtimeClassDetail(COMMON_RUNTIME_CLASSES[4]), 'gVisor · user-space kernel sandbox · handler runsc · overhead none');
    });
  });

  describe('generateTenant', () => {
    const options = { name: 'team-a', cpu: '8', memory: '16Gi', pods: 20, podSecurity: 'restricted' as const, group: 'team-a-devs', runtimeClasses: ['kata-qemu', 'gvisor'] };

    it('emits the guardrail bundle', () => {
      const docs = objects(generateTenant(options));
      assert.deepEqual(docs.map((d) => d.kind), ['Namespace', 'ResourceQuota', 'LimitRange', 'NetworkPolicy', 'RoleBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding']);
      const [ns, quota, , policy, binding, vap, vapb] = docs;
      assert.equal(ns.metadata.labels['pod-security.kubernetes.io/enforce'], 'restricted');
      assert.deepEqual(quota.spec.hard, {
        'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.cpu': '8', 'limits.memory': '16Gi', 'requests.ephemeral-storage': '20Gi', pods: '20',
        services: '20', secrets: '50', configmaps: '50', persistentvolumeclaims: '20', 'services.nodeports': '0', 'services.loadbalancers': '0',
      });
      assert.deepEqual(policy.spec.policyTypes, ['Ingress', 'Egress']);
      assert.equal(policy.spec.ingress, undefined);
      assert.deepEqual(policy.spec.egress[0].ports, [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }]);
      assert.deepEqual(policy.spec.egress[0].to[0].podSelector.matchLabels, { 'k8s-app': 'kube-dns' });
      assert.equal(binding.subjects[0].name, 'team-a-devs');
      assert.match(vap.spec.validations[0].expression, /object\.spec\.runtimeClassName in \['kata-qemu', 'gvisor'\]/);
      assert.equal(vapb.spec.policyName, vap.metadata.name);
      assert.deepEqual(vapb.spec.matchResources.namespaceSelector.matchLabels, { 'kubernetes.io/metadata.name': 'team-a' });
    });

    it('leaves runtime classes unrestricted when none are chosen', () => {
      assert.deepEqual(objects(generateTenant({ ...options, runtimeClasses: [] })).map((d) => d.kind).slice(5), []);
    });
  });

  describe('Run in a MicroVM (runtimeClassName edit)', () => {
    const cases: [string, string, string[]][] = [
      ['Pod', 'kind: Pod\napiVersion: v1\nmetadata:\n  name: p\nspec:\n  # the app\n  containers:\n  - name: c\n    image: nginx\n', ['spec']],
      ['Deployment', 'apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers: [] # none yet\n', ['spec', 'template', 'spec']],
      ['StatefulSet', 'apiVersion: apps/v1\nkind: StatefulSet\nspec:\n  template:\n    spec:\n      containers: []\n', ['spec', 'template', 'spec']],
      ['DaemonSet', 'apiVersion: apps/v1\nkind: DaemonSet\nspec:\n  template:\n    spec:\n      containers: []\n', ['spec', 'template', 'spec']],
      ['Job', 'apiVersion: batch/v1\nkind: Job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n', ['spec', 'template', 'spec']],
      ['CronJob', 'apiVersion: batch/v1\nkind: CronJob\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n', ['spec', 'jobTemplate', 'spec', 'template', 'spec']],
    ];
    for (const [kind, text, podSpec] of cases) {
      it(`${kind}: sets runtimeClassName at ${podSpec.join('.')}, keeping comments`, () => {
        const [target] = podSpecTargets(text);
        assert.equal(target.kind, kind);
        const edited = applyEdits(text, [target.edit('kata-qemu')]);
        const [object] = objects(edited);
        const spec = podSpec.reduce((o: Json, k) => o[k], object);
        assert.equal(spec.runtimeClassName, 'kata-qemu');
        assert.equal(edited.replace(/^\s*runtimeClassName: kata-qemu\n/m, '\n').replace(/\n\n/, '\n'), text);
      });
    }

    it('inserts above the comment that introduces the first key, keeping it with its key', () => {
      const text = 'kind: Pod\napiVersion: v1\nspec:\n  # the app\n  containers: []\n';
      assert.equal(applyEdits(text, [podSpecTargets(text)[0].edit('kata-fc')]), 'kind: Pod\napiVersion: v1\nspec:\n  runtimeClassName: kata-fc\n  # the app\n  containers: []\n');
    });

    it('replaces an existing runtimeClassName in a real Deployment and handles flow maps', () => {
      const text = DEPLOYMENT_KATA_FC;
      const [target] = podSpecTargets(text);
      assert.equal(target.runtimeClassName, 'kata-fc');
      assert.equal(applyEdits(text, [target.edit('gvisor')]), text.replace('runtimeClassName: kata-fc', 'runtimeClassName: gvisor'));
      const flow = 'kind: Pod\napiVersion: v1\nspec: {containers: []}\n';
      assert.equal(applyEdits(flow, [podSpecTargets(flow)[0].edit('kata-clh')]), 'kind: Pod\napiVersion: v1\nspec: {runtimeClassName: kata-clh, containers: []}\n');
    });

    it('finds one target per workload document (starting at its --- line) and none in other kinds', () => {
      const text = 'kind: Service\napiVersion: v1\nspec: {}\n---\nkind: Pod\napiVersion: v1\nspec:\n  containers: []\n';
      const targets = podSpecTargets(text);
      assert.deepEqual(targets.map((t) => [t.kind, t.range.start.line]), [['Pod', 3]]);
    });
  });
});
