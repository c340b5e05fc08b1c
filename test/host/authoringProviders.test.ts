import * as assert from 'node:assert/strict';
import { fleetProviders } from '../../src/authoring/fleetProviders';
import type { AuthoringProviders } from '../../src/authoring/providers';
import type { FleetHost } from '../../src/views/fleetHost';
import { startDemoFleet, type DemoFleet } from './demoFleet';
import { activatedExtension } from './extension';

describe('authoring providers on the demo scenario', function () {
  this.timeout(60_000);
  let demo: DemoFleet;
  let wired: AuthoringProviders;
  let host: FleetHost;
  const logged: string[] = [];
  const selecting = (context: string) => fleetProviders(() => host.fleet, () => context, (message) => logged.push(message));

  before(async () => {
    demo = await startDemoFleet();
    const exports = (await activatedExtension()).exports as { authoringProviders: AuthoringProviders; fleetHost: FleetHost };
    wired = exports.authoringProviders;
    host = exports.fleetHost;
  });
  after(async () => demo?.stop());

  it("offers the current context's RuntimeClasses with their isolation when nothing is selected", async () => {
    const classes = await wired.runtimeClasses();
    assert.deepEqual(
      classes?.map((c) => [c.name, c.isolation.label]),
      [
        ['gvisor', 'gVisor'],
        ['kata-clh', 'Kata Cloud Hypervisor'],
        ['kata-fc', 'Kata Firecracker'],
        ['kata-qemu', 'Kata QEMU'],
      ],
    );
    assert.deepEqual(classes?.find((c) => c.name === 'kata-qemu')?.overhead, { memory: '320Mi', cpu: '250m' });
  });

  it("offers the current context's cluster instancetypes and preferences", async () => {
    assert.deepEqual(await wired.instancetypes(), {
      instancetypes: [
        { name: 'cx1.xlarge', cpus: 4, memory: '8Gi' },
        { name: 'u1.large', cpus: 2, memory: '8Gi' },
        { name: 'u1.medium', cpus: 1, memory: '4Gi' },
        { name: 'u1.small', cpus: 1, memory: '2Gi' },
      ],
      preferences: ['fedora', 'rhel.9', 'ubuntu'],
    });
  });

  it('falls back when the selected cluster does not answer', async () => {
    const offline = selecting('offline');
    assert.equal(await offline.runtimeClasses(), undefined);
    assert.equal(await offline.instancetypes(), undefined);
    assert.equal(host.fleet?.state('offline').status, 'unreachable');
  });

  it('asks the selected cluster, which may have RuntimeClasses but no instancetypes', async () => {
    const edge = selecting('edge-lab');
    assert.deepEqual((await edge.runtimeClasses())?.map((c) => c.name), ['gvisor', 'kata-clh', 'kata-fc', 'kata-qemu']);
    assert.equal(await edge.instancetypes(), undefined);
    assert.deepEqual(logged, []);
  });
});
