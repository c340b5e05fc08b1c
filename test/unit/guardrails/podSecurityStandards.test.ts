import * as assert from 'node:assert/strict';
import { meetsLevel, pssViolations } from '../../../src/model/guardrails/podSecurityStandards';
import { launcher, pod } from './builders';

const rules = (p: Parameters<typeof pssViolations>[0]) => pssViolations(p).map((v) => `${v.level}:${v.rule}`);

describe('Pod Security Standards on pod specs', () => {
  it('finds nothing wrong with a pod written for restricted, nor with a non-root virt-launcher', () => {
    assert.deepEqual(rules(pod('api')), []);
    assert.deepEqual(rules(launcher('db')), []);
    assert.ok(meetsLevel(pssViolations(pod('api')), 'restricted'));
  });

  it('flags a plain nginx pod as baseline but not restricted', () => {
    const nginx = pod('nginx', (s) => {
      s.securityContext = undefined;
      s.containers = [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }];
    });
    assert.deepEqual(rules(nginx), ['restricted:allows privilege escalation', 'restricted:may run as root', 'restricted:no seccomp profile', 'restricted:capabilities not dropped']);
    assert.ok(meetsLevel(pssViolations(nginx), 'baseline') && !meetsLevel(pssViolations(nginx), 'restricted'));
  });

  it('flags every baseline hole: privileged, host namespaces, hostPath, hostPort, extra capabilities, unconfined profiles, sysctls', () => {
    const bad = pod('node-debugger', (s) => {
      s.hostNetwork = true;
      s.hostPID = true;
      s.hostIPC = true;
      s.securityContext = { ...s.securityContext, seccompProfile: { type: 'Unconfined' }, sysctls: [{ name: 'kernel.msgmax', value: '65536' }] };
      s.volumes = [{ name: 'root', hostPath: { path: '/' } }];
      s.containers = [{
        name: 'shell', image: 'busybox', ports: [{ containerPort: 22, hostPort: 2222 }],
        securityContext: { privileged: true, capabilities: { add: ['SYS_ADMIN', 'NET_ADMIN', 'CHOWN'] }, appArmorProfile: { type: 'Unconfined' }, seLinuxOptions: { type: 'spc_t' }, procMount: 'Unmasked' },
      }];
    });
    const found = rules(bad).filter((r) => r.startsWith('baseline:'));
    assert.deepEqual(found, [
      'baseline:hostNetwork', 'baseline:hostPID', 'baseline:hostIPC', 'baseline:privileged', 'baseline:adds SYS_ADMIN, NET_ADMIN', 'baseline:hostPath volume',
      'baseline:hostPort', 'baseline:AppArmor unconfined', 'baseline:custom SELinux options', 'baseline:unmasked /proc', 'baseline:seccomp unconfined', 'baseline:unsafe sysctls',
    ]);
    assert.ok(!meetsLevel(pssViolations(bad), 'baseline'));
    assert.ok(meetsLevel(pssViolations(bad), 'privileged'));
  });

  it('looks at init and ephemeral containers too', () => {
    const p = pod('with-init', (s) => {
      s.initContainers = [{ name: 'setup', image: 'busybox', securityContext: { privileged: true } }];
      s.ephemeralContainers = [{ name: 'debugger', image: 'busybox', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } }];
    });
    assert.ok(rules(p).includes('baseline:privileged'));
    assert.ok(rules(p).includes('baseline:adds SYS_PTRACE'));
  });

  it('catches root by UID, an explicit runAsNonRoot=false, and restricted volume types', () => {
    assert.ok(rules(pod('root', (s) => { s.containers![0].securityContext!.runAsUser = 0; })).includes('restricted:runs as root (UID 0)'));
    assert.ok(rules(pod('nonroot-false', (s) => { s.containers![0].securityContext!.runAsNonRoot = false; })).includes('restricted:may run as root'));
    assert.ok(rules(pod('nfs', (s) => { s.volumes = [{ name: 'share', nfs: { server: 'nas', path: '/x' } }]; })).includes('restricted:restricted volume types'));
    assert.ok(!rules(pod('csi', (s) => { s.volumes = [{ name: 'data', csi: { driver: 'x' } }, { name: 'img', image: { reference: 'x' } }]; })).length);
  });

  it('relaxes the root rules for pods in their own user namespace, and the Linux-only rules for Windows pods', () => {
    const userns = pod('userns', (s) => {
      s.hostUsers = false;
      s.securityContext = { seccompProfile: { type: 'RuntimeDefault' }, runAsUser: 0 };
    });
    assert.deepEqual(rules(userns), []);
    const windows = pod('win', (s) => {
      s.os = { name: 'windows' };
      s.containers = [{ name: 'app', image: 'mcr.microsoft.com/windows/nanoserver' }];
    });
    assert.deepEqual(rules(windows), []);
  });

  it('takes a container-level setting over the pod-level one', () => {
    const p = pod('mixed', (s) => {
      s.securityContext = { runAsNonRoot: false, seccompProfile: { type: 'RuntimeDefault' } };
      s.containers![0].securityContext!.runAsNonRoot = true;
    });
    assert.ok(rules(p).includes('restricted:may run as root'), 'a pod-level false is itself a violation');
  });
});
