// Serial console, events, logs and the API log, on the simulator or on kube-apiserver with the KubeVirt simulation.
import * as assert from 'node:assert/strict';
import { openSerialConsole, type ConsoleSession } from '../../../src/cluster/console';
import { KubeApiError } from '../../../src/cluster/errors';
import { launcherPod, vmEvents } from '../../../src/cluster/events';
import type { KubeHttp } from '../../../src/cluster/kubeHttp';
import { runAction } from '../../../src/cluster/lifecycle';
import { followLog, logContainers } from '../../../src/cluster/logs';
import { ApiResourceMapper } from '../../../src/cluster/apiResources';
import { Manifests } from '../../../src/cluster/manifests';
import { observe, waitForAction } from '../../../src/cluster/waitFor';
import { FLEET_START_TIMEOUT_MS } from '../../backends/fleet';
import { eventually, labScenario, NS, startLab, TOKENS, vm, type Lab } from './simEnv';

/** Collects console output; `until` resolves once the text so far matches. */
function reader(session: ConsoleSession) {
  let text = '';
  session.onData((bytes) => (text += Buffer.from(bytes).toString('utf8')));
  return {
    text: () => text,
    until: (pattern: RegExp, what: string) => eventually(`console output ${what} (${pattern}); got ${JSON.stringify(text.slice(-200))}`, () => (pattern.test(text) ? text : undefined), 30_000),
  };
}

describe('console, events, logs and API log', function () {
  this.timeout(30_000);
  let lab: Lab;
  let http: KubeHttp;

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    const stuck = vm('stuck-1', { runStrategy: 'Always' });
    (stuck.spec as { template: { spec: Record<string, unknown> } }).template.spec.nodeSelector = { 'kubernetes.io/hostname': 'nowhere' };
    lab = await startLab(labScenario([vm('con-1'), vm('off-1'), stuck]));
    http = lab.client('lab');
    const target = { namespace: NS, name: 'con-1' };
    const baseline = await observe(http, target);
    await runAction(http, { ...target, action: 'start' });
    await waitForAction(http, target, 'start', baseline, { timeoutMs: 10_000 });
  });
  after(() => lab?.stop());

  it('console round trip: login prompt, a typed line echoed back, command output', async () => {
    const session = await openSerialConsole(http, NS, 'con-1');
    const out = reader(session);
    session.write('\r');
    await out.until(/con-1 login: $/, 'to show a login prompt');
    session.write('fedora\r');
    await out.until(/Password: $/, 'to ask for a password');
    session.write('secret\r');
    await out.until(/\$ $/, 'to show a shell prompt');
    session.write('echo hello-from-test\r');
    await out.until(/echo hello-from-test\r\nhello-from-test\r\n/, 'to echo the line and print its output');
    const closed = new Promise<number>((resolve) => session.onClose((code) => resolve(code)));
    session.close();
    assert.equal(await closed, 1000);
    assert.ok(lab.lines.some((l) => l.startsWith(`GET /apis/subresources.kubevirt.io/v1/namespaces/${NS}/virtualmachineinstances/con-1/console (websocket plain.kubevirt.io) 101`)));
  });

  it('a console to a VMI that does not run fails with the Status message before the upgrade', async () => {
    const missing = await openSerialConsole(http, NS, 'off-1').catch((e: unknown) => e);
    assert.ok(missing instanceof KubeApiError, String(missing));
    assert.equal(missing.code, 404);
    assert.match(missing.message, /"off-1" not found/);
    await eventually('the unschedulable VMI of stuck-1', () => lab.api('lab').get('virtualmachineinstances.kubevirt.io', NS, 'stuck-1'));
    const pending = await openSerialConsole(http, NS, 'stuck-1').catch((e: unknown) => e);
    assert.ok(pending instanceof KubeApiError, String(pending));
    assert.equal(pending.code, 400);
    assert.equal(pending.message, 'VMI is not running');
  });

  it('a viewer without console rights gets 403 from the upgrade', async () => {
    const viewer = lab.client('lab', TOKENS.viewer);
    const error = await openSerialConsole(viewer, NS, 'con-1').catch((e: unknown) => e);
    assert.ok(error instanceof KubeApiError && error.code === 403, String(error));
  });

  it('events of a started VM: the VM, its VMI and its launcher pod, oldest first', async () => {
    // On a real API server the launcher pod's events may land after the VMI reads Running.
    const rows = await eventually('events of the VM, its VMI and its launcher pod', async () => {
      const found = await vmEvents(http, NS, 'con-1');
      return found.some((r) => r.object.startsWith('Pod/')) ? found : undefined;
    }, 30_000);
    const objects = new Set(rows.map((r) => r.object.split('/')[0]));
    assert.ok(objects.has('VirtualMachine'), JSON.stringify(rows));
    assert.ok(objects.has('VirtualMachineInstance'), JSON.stringify(rows));
    assert.ok(objects.has('Pod'), JSON.stringify(rows));
    assert.ok(rows.some((r) => r.reason === 'Started' && r.object === 'VirtualMachineInstance/con-1'), JSON.stringify(rows));
    const times = rows.map((r) => Date.parse(r.time ?? ''));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  it('a followed launcher log receives lines', async () => {
    const vmi = (await lab.api('lab').get('virtualmachineinstances.kubevirt.io', NS, 'con-1'))!;
    const pod = await eventually('the launcher pod', () => launcherPod(http, NS, vmi.metadata.uid!), 30_000);
    const container = logContainers(pod)[0];
    assert.equal(container, 'compute');
    const lines: string[] = [];
    let ended = false;
    const stream = await followLog(http, { namespace: NS, pod: pod.metadata.name, container, tailLines: 20 }, (line) => lines.push(line));
    void stream.done.then(() => (ended = true));
    await eventually('the log so far', () => (lines.length > 0 || ended ? true : undefined), 20_000);
    const backlog = lines.length;
    await eventually('a followed line', () => (lines.length > backlog || ended ? true : undefined), 20_000);
    assert.equal(ended, false, 'a followed log stays open');
    stream.stop();
    await stream.done;
    assert.ok(lines.every((l) => !l.includes('\n')));
    assert.equal(JSON.parse(lines[0]).component, 'virt-launcher');
  });

  it('the API log has verb, path and status of every call and never a token', async () => {
    const manifests = new Manifests(http, new ApiResourceMapper(http), NS);
    await manifests.load({ apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', namespace: NS, name: 'con-1' }, 'view');
    await runAction(lab.client('lab', TOKENS.dev), { namespace: NS, name: 'con-1', action: 'pause' }).catch(() => undefined);
    assert.ok(lab.lines.some((l) => /^GET \/apis\/kubevirt\.io\/v1\/namespaces\/team-a\/virtualmachines\/con-1 200 \(\d+ ms\)$/.test(l)), lab.lines.join('\n'));
    assert.ok(lab.lines.some((l) => /^PUT \/apis\/subresources\.kubevirt\.io\/v1\/namespaces\/team-a\/virtualmachineinstances\/con-1\/pause 200/.test(l)));
    const all = lab.lines.join('\n');
    for (const token of Object.values(TOKENS)) assert.ok(!all.includes(token), `the log contains a token`);
    assert.doesNotMatch(all, /Bearer|Authorization/i);
  });
});
