import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FleetNode } from '../../src/views/nodes';
import { callCluster, child, childrenOf, description, descendants, eventually, FLEET_START_TIMEOUT_MS, label, onRealToo, plain, simOnly, startDemoFleet, tooltipOf, type DemoFleet } from './demoFleet';

const ADMIN = 'demo-prod-east-admin';
const SUBRESOURCES = '/apis/subresources.kubevirt.io/v1/namespaces/tenant-alpha/virtualmachines';

describe('Fleet tree on the demo scenario', function () {
  onRealToo(this);
  this.timeout(90_000);
  let demo: DemoFleet;
  const tree = () => demo.tree;
  const folderItems = async (cluster: string, folder: string) => {
    const all = await descendants(tree(), await child(tree(), undefined, cluster));
    const folders = all.filter((n) => n.type === 'folder' && label(tree(), n) === folder);
    return (await Promise.all(folders.map((f) => childrenOf(tree(), f)))).flat();
  };
  const vmNode = async (name: string) => child(tree(), await child(tree(), await child(tree(), await child(tree(), undefined, 'prod-east'), 'tenant-alpha'), 'Virtual Machines'), name);

  before(async function () {
    this.timeout(FLEET_START_TIMEOUT_MS);
    // Only these tests read the tree: the real view, shown by an earlier test, would read (and so refresh) it too.
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    demo = await startDemoFleet();
  });
  after(async () => demo?.stop());

  it('lists every kubeconfig context as a cluster, its state in words; server and user in the tooltip', async () => {
    const clusters = await childrenOf(tree());
    assert.deepEqual(clusters.map((c) => label(tree(), c)), ['prod-east', 'shared-dev', 'edge-lab', 'offline']);
    assert.equal(description(tree(), clusters[0]), 'not connected');
    await childrenOf(tree(), clusters[0]);
    // The versions follow the tenants by a round trip.
    await eventually("prod-east's versions", () => description(tree(), clusters[0]) === 'KubeVirt 1.5.2 · K8s 1.36.3');
    assert.equal(tree().getTreeItem(clusters[0]).accessibilityInformation?.label, 'prod-east, connected · KubeVirt 1.5.2 · K8s 1.36.3');
    const tooltip = plain(tooltipOf(tree(), clusters[0]));
    assert.ok(tooltip.includes(`| Server | ${demo.fleet.cluster('prod-east').url.replace(/\/$/, '')} |`), tooltip);
    assert.ok(tooltip.includes('| User | admin@prod-east |'), tooltip);
  });

  it('says in words why the offline cluster is unreachable, keeping the raw error for the tooltip, while the others connect', async () => {
    const [offline, prod, edge] = await Promise.all([child(tree(), undefined, 'offline'), child(tree(), undefined, 'prod-east'), child(tree(), undefined, 'edge-lab')]);
    const [offlineChildren, prodChildren] = await Promise.all([childrenOf(tree(), offline), childrenOf(tree(), prod), childrenOf(tree(), edge)]);
    assert.equal(description(tree(), offline), 'connection refused');
    assert.equal(tree().getTreeItem(offline).accessibilityInformation?.label, 'offline, unreachable — connection refused');
    assert.equal(offlineChildren.length, 1);
    assert.equal(label(tree(), offlineChildren[0]), 'Connection refused');
    assert.equal(description(tree(), offlineChildren[0]), 'click to retry');
    assert.match(plain(tooltipOf(tree(), offlineChildren[0])), /connect ECONNREFUSED 127\.0\.0\.1:\d+/);
    assert.match(String(tree().getTreeItem(offlineChildren[0]).contextValue), /\bretry\b/);
    assert.match(String(tree().getTreeItem(offline).contextValue), /\bstate:unreachable\b/);
    assert.match(String(tree().getTreeItem(prod).contextValue), /\bstate:connected kubevirt:yes\b/);
    await eventually("edge-lab's versions", () => description(tree(), edge) === 'no KubeVirt · K8s 1.36.3');
    assert.ok(prodChildren.every((n) => n.type === 'tenant'), 'prod-east shows tenants');
  });

  it('shows prod-east tenants with VMs in at least six statuses', async () => {
    const tenants = (await childrenOf(tree(), await child(tree(), undefined, 'prod-east'))).map((t) => label(tree(), t));
    for (const t of ['tenant-alpha', 'tenant-bravo', 'tenant-charlie', 'tenant-delta', 'tenant-echo']) assert.ok(tenants.includes(t), `${t} missing from ${tenants}`);
    assert.ok(!tenants.includes('kube-system') && !tenants.includes('kubevirt'), 'system namespaces are hidden by default');
    let statuses = new Set<string>();
    await eventually('the VM caches are loaded', async () => {
      statuses = new Set((await folderItems('prod-east', 'Virtual Machines')).map((n) => description(tree(), n).split(' · ')[0]));
      return statuses.size >= 6;
    });
    for (const s of ['Running', 'Stopped', 'ErrorUnschedulable', 'Migrating']) assert.ok(statuses.has(s), `${s} missing from ${[...statuses]}`);
  });

  it('labels microVM pods by runtime, files gVisor pods as sandboxed, and keeps launcher pods out of Containers', async () => {
    let microvms: string[] = [];
    await eventually('the pod caches are loaded', async () => {
      microvms = (await folderItems('prod-east', 'MicroVM Pods')).map((n) => description(tree(), n));
      return microvms.length > 0;
    });
    for (const runtime of ['Kata QEMU', 'Kata Firecracker']) assert.ok(microvms.some((d) => d.split(' · ')[1] === runtime), `${runtime} missing from ${microvms}`);
    assert.ok(!microvms.some((d) => d.includes('gVisor')), `gVisor filed as a microVM: ${microvms}`);
    const sandboxed = (await folderItems('prod-east', 'Sandboxed Pods')).map((n) => `${label(tree(), n)} ${description(tree(), n)}`);
    assert.equal(sandboxed.length, 2, 'tenant-echo and tenant-sealed each run a gVisor pod');
    assert.ok(sandboxed.some((s) => /^sandboxed-scanner Running · gVisor · prod-east-worker-\d$/.test(s)), sandboxed.join());
    const containers = (await folderItems('prod-east', 'Containers')).map((n) => label(tree(), n));
    assert.ok(containers.length > 0);
    assert.deepEqual(containers.filter((c) => c.startsWith('virt-launcher-')), []);
  });

  it("shows the tenant developer's two namespaces on shared-dev without an error", async () => {
    let nodes: FleetNode[] = [];
    await eventually('the VM folders of shared-dev are loaded', async () => {
      nodes = await descendants(tree(), await child(tree(), undefined, 'shared-dev'));
      return nodes.some((n) => n.type === 'folder' && n.category === 'vms');
    });
    assert.deepEqual(nodes.filter((n) => n.type === 'message').map((n) => label(tree(), n)), []);
    const namespaces = new Set(nodes.flatMap((n) => (n.type === 'tenant' ? n.namespaces : [])));
    assert.deepEqual([...namespaces].sort(), ['oil-dev', 'oil-staging']);
    assert.ok(nodes.some((n) => n.type === 'folder' && n.category === 'vms'));
  });

  it('leads a failing tenant with its trouble, and can sort the failing first', async () => {
    const bravo = await child(tree(), await child(tree(), undefined, 'prod-east'), 'tenant-bravo');
    await eventually('tenant-bravo is loaded', () => /\bVMs\b/.test(description(tree(), bravo)));
    assert.equal(description(tree(), bravo), '5 failing · 7 VMs · 1 microVM · 2 containers');
    const vms = await child(tree(), bravo, 'Virtual Machines');
    assert.equal(description(tree(), vms), '3 of 7 failing');
    const unschedulable = await child(tree(), vms, 'ci-runner-2');
    assert.match(description(tree(), unschedulable), /^ErrorUnschedulable · 0\/\d nodes are available/);
    assert.match(plain(tooltipOf(tree(), unschedulable)).split('\n')[0], /^\*\*ci-runner-2\*\* · ErrorUnschedulable — Unschedulable: /);
    const names = async () => (await childrenOf(tree(), await child(tree(), await child(tree(), await child(tree(), undefined, 'prod-east'), 'tenant-bravo'), 'Virtual Machines'))).map((n) => label(tree(), n));
    assert.deepEqual((await names()).slice(0, 3), ['artifact-store', 'build-cache', 'ci-runner-1']);
    /** Runs a sort command and waits for the whole tree's redraw that the setting's change causes. */
    const sort = async (command: string) => {
      const redrawn = new Promise<void>((resolve) => {
        const listener = tree().onDidChangeTreeData((e) => {
          if (e !== undefined) return;
          listener.dispose();
          resolve();
        });
      });
      await vscode.commands.executeCommand(command);
      await redrawn;
    };
    await sort('kubevirtWorkbench.sortFailingFirst');
    try {
      assert.deepEqual((await names()).slice(0, 3).sort(), ['artifact-store', 'build-cache', 'ci-runner-2']);
    } finally {
      await sort('kubevirtWorkbench.sortByName');
    }
    assert.deepEqual((await names()).slice(0, 3), ['artifact-store', 'build-cache', 'ci-runner-1']);
  });

  it('marks a standalone VMI, and hides empty namespaces and folders', async () => {
    const prod = await child(tree(), undefined, 'prod-east');
    const tenants = (await childrenOf(tree(), prod)).map((n) => label(tree(), n));
    assert.ok(!tenants.includes('default'), `the empty default namespace is shown: ${tenants}`);
    const charlie = await child(tree(), prod, 'tenant-charlie');
    await eventually('tenant-charlie is loaded', () => /\bVMs\b/.test(description(tree(), charlie)));
    const folders = (await childrenOf(tree(), charlie)).map((n) => label(tree(), n));
    assert.deepEqual(folders, ['Guardrails', 'Virtual Machines', 'MicroVM Pods'], 'no empty Sandboxed Pods or Containers folder');
    const scratch = await child(tree(), await child(tree(), charlie, 'Virtual Machines'), 'scratch-vmi');
    assert.match(description(tree(), scratch), /^Running · standalone VMI\b/);
  });

  it('turns a VM started outside the extension Running by refreshing only its row', async () => {
    assert.match(description(tree(), await vmNode('batch-worker')), /^Stopped/);
    // Access reviews of the other tenants (expanded above) redraw those tenants when they land: let them land first.
    const namespaces = (await childrenOf(tree(), await child(tree(), undefined, 'prod-east'))).flatMap((t) => (t.type === 'tenant' ? t.namespaces : []));
    await eventually('the access reviews of prod-east are in', () => namespaces.every((n) => demo.permissions.allowed('prod-east', n, 'vm') !== undefined));
    await new Promise((resolve) => setTimeout(resolve, 200)); // past the tree's 100 ms debounce of those redraws
    const node = await vmNode('batch-worker'); // as VS Code would, fetch what those redraws replaced
    const fired: (FleetNode | undefined)[] = [];
    const listener = tree().onDidChangeTreeData((e) => fired.push(...(Array.isArray(e) ? e : [e])));
    try {
      assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/batch-worker/start`, {}), 202);
      // The row is read (as VS Code reads it) only once it was refreshed: reading it is what VS Code was shown.
      await eventually('a change event for batch-worker', () => fired.some((n) => n?.id === node.id));
      await eventually('batch-worker shows Running', () => description(tree(), node).startsWith('Running'));
      assert.ok(!fired.includes(undefined), 'the whole tree was refreshed');
      // Other clusters stay live meanwhile; on prod-east only the VM's own row read differently (its tenant's
      // counts did not change), so nothing above it was refreshed.
      const prodEast = fired.filter((n) => n && 'context' in n && n.context === 'prod-east');
      assert.deepEqual([...new Set(prodEast.map((n) => n?.id))], ['prod-east/tenant-alpha/VirtualMachine/batch-worker']);
    } finally {
      listener.dispose();
    }
  });

  it('loses no update when watches drop or expire (410)', async function () {
    simOnly(this, 'drops watches and forces 410s, faults only the simulator injects');
    const node = await vmNode('api-gateway');
    const cluster = demo.fleet.cluster('prod-east').sim!;
    cluster.faults.dropWatches(true);
    assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/api-gateway/stop`, {}), 202);
    await eventually('api-gateway shows Stopped after the dropped watch', () => description(tree(), node).startsWith('Stopped'));

    // Every watch resumed next is told its resourceVersion is too old (410) and must relist.
    cluster.faults.expireNextWatch(50);
    cluster.faults.dropWatches();
    assert.equal(await callCluster(demo.fleet, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/api-gateway/start`, {}), 202);
    await eventually('api-gateway shows Running after a forced 410', () => description(tree(), node).startsWith('Running'));
  });

  it('opens a selected VM as a read-only manifest without managedFields', async () => {
    const item = tree().getTreeItem(await vmNode('web-frontend-1'));
    assert.equal(item.command?.command, 'kubevirtWorkbench.openManifest');
    await vscode.commands.executeCommand(item.command.command, ...(item.command.arguments ?? []));
    const doc = vscode.window.activeTextEditor?.document;
    assert.equal(doc?.uri.scheme, 'kubevirt-manifest');
    const text = doc.getText();
    assert.match(text, /^apiVersion: kubevirt\.io\/v1\nkind: VirtualMachine\n/);
    assert.match(text, /name: web-frontend-1/);
    assert.doesNotMatch(text, /managedFields/);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('finds a VM anywhere in the fleet with a parent chain to reveal it', async () => {
    const node = tree().findWorkload('prod-east', 'tenant-alpha', 'VirtualMachine', 'web-frontend-1');
    const chain: string[] = [];
    for (let n = node; n; n = tree().getParent(n)) chain.unshift(label(tree(), n));
    assert.deepEqual(chain, ['prod-east', 'tenant-alpha', 'Virtual Machines', 'web-frontend-1']);
  });
});
