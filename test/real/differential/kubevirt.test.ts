// Differential: KubeVirt's subresource API and virt-api's webhooks. The simulator serves them in process; the real
// side is kube-apiserver with the project's KubeVirt simulation — virt-api's stand-in behind the aggregator, its
// validating webhooks, virt-controller and the kubelet on a replica. Both sides run the same handlers, so what is
// compared here is everything around them: authentication and RBAC in front, the aggregator's discovery and
// proxying (the serial console websocket included), the webhook's answer as kube-apiserver relays it, and the
// controllers' results as seen through each API.
import * as assert from 'node:assert/strict';
import WebSocket from 'ws';
import type { RestClient } from '../../controlplane/rest';
import { START_TIMEOUT_MS, until } from '../support';
import { assertSame, namespaceOnBoth, onBoth, outcome, useBackends, type Backend } from './backends';

const SUB = '/apis/subresources.kubevirt.io/v1';

function vm(name: string, spec: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachine', metadata: { name },
    spec: {
      runStrategy: 'Halted',
      template: { spec: { domain: { devices: { disks: [{ name: 'root', disk: { bus: 'virtio' } }] }, memory: { guest: '128Mi' } }, volumes: [{ name: 'root', containerDisk: { image: 'quay.io/containerdisks/fedora:41' } }] } },
      ...spec,
    },
  };
}

type VmStatus = { printableStatus?: string; ready?: boolean };
type Vmi = { metadata: { uid: string }; status?: { phase?: string; conditions?: { type: string; status: string }[] } };

/** Polls the VM (or its VMI) through the backend's API until `done` holds. */
async function waitFor(b: Backend, what: string, path: string, done: (object: Record<string, unknown> | undefined) => boolean): Promise<void> {
  await until(`${b.name}: ${what}`, async () => {
    const r = await b.admin.get(path);
    return done(r.status === 200 ? r.json() : undefined);
  }, 90_000);
}

const printable = (o: Record<string, unknown> | undefined) => (o?.status as VmStatus | undefined)?.printableStatus;
const vmiCondition = (o: Record<string, unknown> | undefined, type: string) => (o as Vmi | undefined)?.status?.conditions?.find((c) => c.type === type)?.status;

/** A websocket to the serial console: the upgrade's status and the first bytes, or the refusal's Status. */
function openConsole(client: RestClient, path: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${client.server.replace(/^https/, 'wss')}${path}`, ['plain.kubevirt.io'], {
      ca: client.caPem, headers: client.credentials.token ? { Authorization: `Bearer ${client.credentials.token}` } : {},
    });
    socket.once('message', (data: Buffer) => {
      resolve({ code: 101, protocol: socket.protocol, banner: data.toString('utf8').trim().split('\r\n')[0] });
      socket.close();
    });
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          const status = JSON.parse(text) as { reason?: string; message?: string };
          resolve({ code: res.statusCode, reason: status.reason, message: status.message });
        } catch {
          resolve({ code: res.statusCode, text });
        }
      });
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('differential: KubeVirt subresources and webhooks', function () {
  this.timeout(START_TIMEOUT_MS);
  const backends = useBackends('diff-kubevirt', { kubevirt: true });

  it('discovery of subresources.kubevirt.io/v1 and virt-api\'s version, for the admin and for a user without rights', async () => {
    const { sim, real } = await onBoth(backends(), async ({ admin, dev }) => {
      const groups = (await admin.get('/apis')).json<{ groups: { name: string }[] }>().groups.filter((g) => g.name === 'subresources.kubevirt.io');
      const group = await admin.get('/apis/subresources.kubevirt.io');
      const resources = await admin.get(SUB);
      const version = await admin.get(`${SUB}/version`);
      return [groups, outcome(group), group.json(), outcome(resources), resources.json(), outcome(version), version.json(), outcome(await dev.get(`${SUB}/version`)), outcome(await dev.get(SUB))];
    });
    assertSame(sim, real);
  });

  it('start, stop, restart, pause, unpause, soft reboot and migrate: their 202/200 answers, 409s, 404s, 400s and 403s', async () => {
    const ns = await namespaceOnBoth(backends(), 'life');
    const vms = `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`;
    const vmis = `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances`;
    const vmSub = (action: string, name = 'life') => `${SUB}/namespaces/${ns}/virtualmachines/${name}/${action}`;
    const vmiSub = (action: string) => `${SUB}/namespaces/${ns}/virtualmachineinstances/life/${action}`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      const { admin, dev } = b;
      const steps: unknown[] = [];
      const put = async (path: string, body?: unknown, client = admin) => steps.push(outcome(await client.put(path, body ?? '')));
      steps.push(outcome(await admin.post(vms, vm('life'))));
      await waitFor(b, 'the VM Stopped', `${vms}/life`, (o) => printable(o) === 'Stopped');
      await put(vmSub('stop'));
      await put(vmSub('restart'));
      await put(vmiSub('pause'));
      await put(vmSub('migrate'));
      await put(vmSub('start'), { paused: 'yes' });
      await put(vmSub('start'), '[');
      await put(`${vmSub('start')}?dryRun=All`);
      steps.push((await admin.get(`${vms}/life`)).json<{ spec: { runStrategy: string } }>().spec.runStrategy);
      await put(vmSub('start'), undefined, dev);
      await put(vmSub('start'));
      steps.push((await admin.get(`${vms}/life`)).json<{ spec: { runStrategy: string } }>().spec.runStrategy);
      await waitFor(b, 'the VM Running', `${vms}/life`, (o) => printable(o) === 'Running' && (o?.status as VmStatus).ready === true);
      await waitFor(b, 'the guest agent', `${vmis}/life`, (o) => vmiCondition(o, 'AgentConnected') === 'True');
      await put(vmSub('start'));
      await put(vmiSub('pause'));
      await waitFor(b, 'the VMI Paused', `${vmis}/life`, (o) => vmiCondition(o, 'Paused') === 'True');
      // The VM's status follows its VMI's condition a moment later: a controller copies it over.
      await waitFor(b, 'the VM Paused', `${vms}/life`, (o) => printable(o) === 'Paused');
      steps.push(printable((await admin.get(`${vms}/life`)).json()));
      await put(vmiSub('pause'));
      await put(vmiSub('softreboot'));
      await put(vmiSub('unpause'));
      await waitFor(b, 'the VMI unpaused', `${vmis}/life`, (o) => !vmiCondition(o, 'Paused'));
      await put(vmiSub('unpause'));
      await put(vmiSub('softreboot'));
      await put(vmSub('restart'), { gracePeriodSeconds: 5 });
      await put(vmSub('migrate'), undefined, dev);
      await put(vmSub('start', 'missing'));
      return steps;
    });
    assertSame(sim, real);
  });

  it('migrate moves the VMI to the other node; restart gives a new VMI; stop ends at Stopped', async () => {
    const ns = await namespaceOnBoth(backends(), 'move');
    const vms = `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`;
    const vmis = `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstances`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      const { admin } = b;
      const steps: unknown[] = [outcome(await admin.post(vms, vm('mover', { runStrategy: 'Always' })))];
      await waitFor(b, 'the VMI Running', `${vmis}/mover`, (o) => (o as Vmi | undefined)?.status?.phase === 'Running');
      const before = (await admin.get(`${vmis}/mover`)).json<Vmi & { status: { nodeName: string } }>();
      steps.push(outcome(await admin.put(`${SUB}/namespaces/${ns}/virtualmachines/mover/migrate`, '')));
      await waitFor(b, 'the migration to succeed', `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstancemigrations`, (o) =>
        ((o?.items ?? []) as { status?: { phase?: string } }[]).some((m) => m.status?.phase === 'Succeeded'));
      const after = (await admin.get(`${vmis}/mover`)).json<Vmi & { status: { nodeName: string; migrationState?: { completed?: boolean } } }>();
      steps.push({ moved: after.status.nodeName !== before.status.nodeName, completed: after.status.migrationState?.completed });
      steps.push(outcome(await admin.put(`${SUB}/namespaces/${ns}/virtualmachines/mover/restart`, '')));
      await waitFor(b, 'a new VMI', `${vmis}/mover`, (o) => !!o && (o as Vmi).metadata.uid !== before.metadata.uid && (o as Vmi).status?.phase === 'Running');
      steps.push(outcome(await admin.put(`${SUB}/namespaces/${ns}/virtualmachines/mover/stop`, '')));
      await waitFor(b, 'the VM Stopped', `${vms}/mover`, (o) => printable(o) === 'Stopped');
      await waitFor(b, 'the VMI gone', `${vmis}/mover`, (o) => !o);
      steps.push(outcome(await admin.put(`${SUB}/namespaces/${ns}/virtualmachines/mover/stop`, '')));
      return steps;
    });
    assertSame(sim, real);
  });

  it('the serial console: the upgrade through the API server with plain.kubevirt.io, and its refusals', async () => {
    const ns = await namespaceOnBoth(backends(), 'tty');
    const vms = `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`;
    const console = (name: string) => `${SUB}/namespaces/${ns}/virtualmachineinstances/${name}/console`;
    const { sim, real } = await onBoth(backends(), async (b) => {
      const { admin, dev } = b;
      await admin.post(vms, vm('tty', { runStrategy: 'Always' }));
      await admin.post(vms, vm('off'));
      await waitFor(b, 'the VM Running', `${vms}/tty`, (o) => printable(o) === 'Running');
      await waitFor(b, 'the other VM Stopped', `${vms}/off`, (o) => printable(o) === 'Stopped');
      return [await openConsole(admin, console('tty')), await openConsole(admin, console('off')), await openConsole(dev, console('tty'))];
    });
    assertSame(sim, real);
    assert.equal((sim[0] as { code: number }).code, 101);
  });

  it('virt-api\'s webhooks refuse a VM with both running and runStrategy, an unknown strategy, and a migration without vmiName', async () => {
    const ns = await namespaceOnBoth(backends(), 'hook');
    const vms = `/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachines`;
    const { sim, real } = await onBoth(backends(), async ({ admin }) => {
      const steps: unknown[] = [];
      steps.push(outcome(await admin.post(vms, vm('both', { running: true, runStrategy: 'Always' }))));
      steps.push(outcome(await admin.post(vms, vm('sometimes', { runStrategy: 'Sometimes' }))));
      steps.push(outcome(await admin.post(vms, vm('two-wrongs', { running: false, runStrategy: 'Sometimes' }))));
      const fine = await admin.post(vms, vm('fine'));
      // What a create answers: the status subresource leaves status to the controller.
      steps.push(outcome(fine), fine.json<{ status?: unknown }>().status ?? 'no status');
      steps.push(outcome(await admin.patch(`${vms}/fine`, { spec: { running: true } }, 'application/merge-patch+json')));
      steps.push(outcome(await admin.post(`/apis/kubevirt.io/v1/namespaces/${ns}/virtualmachineinstancemigrations`, { apiVersion: 'kubevirt.io/v1', kind: 'VirtualMachineInstanceMigration', metadata: { name: 'nowhere' }, spec: {} })));
      return steps;
    });
    assertSame(sim, real);
  });
});
