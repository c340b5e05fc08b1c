import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { FleetNode } from '../../src/views/nodes';
import { callCluster, child, description, descendants, eventually, label, startDemoFleet, type DemoFleet } from './demoFleet';

const ADMIN = 'demo-prod-east-admin';
const SUBRESOURCES = '/apis/subresources.kubevirt.io/v1/namespaces/tenant-alpha/virtualmachines';

describe('Fleet tree on the demo scenario', function () {
  this.timeout(90_000);
  let demo: DemoFleet;
  const tree = () => demo.tree;
  const folderItems = async (cluster: string, folder: string) => {
    const all = await descendants(tree(), await child(tree(), undefined, cluster));
    const folders = all.filter((n) => n.type === 'folder' && label(tree(), n) === folder);
    return (await Promise.all(folders.map((f) => tree().getChildren(f)))).flat();
  };
  const vmNode = async (name: string) => child(tree(), await child(tree(), await child(tree(), await child(tree(), undefined, 'prod-east'), 'tenant-alpha'), 'Virtual Machines'), name);

  before(async () => {
    demo = await startDemoFleet();
  });
  after(async () => demo?.stop());

  it('lists every kubeconfig context as a cluster with its server host and user', async () => {
    const clusters = await tree().getChildren();
    assert.deepEqual(clusters.map((c) => label(tree(), c)), ['prod-east', 'shared-dev', 'edge-lab', 'offline']);
    const prod = demo.sim.clusters[0];
    assert.equal(description(tree(), clusters[0]), `${new URL(prod.url).host} · admin@prod-east`);
    assert.equal(description(tree(), clusters[1]).split(' · ')[1], 'alice@shared-dev');
  });

  it('shows why the offline cluster is unreachable while the others connect', async () => {
    const [offline, prod] = await Promise.all([child(tree(), undefined, 'offline'), child(tree(), undefined, 'prod-east')]);
    const [offlineChildren, prodChildren] = await Promise.all([tree().getChildren(offline), tree().getChildren(prod)]);
    assert.equal(offlineChildren.length, 1);
    assert.match(label(tree(), offlineChildren[0]), /ECONNREFUSED/);
    assert.match(String(tree().getTreeItem(offline).contextValue), /\bstate:unreachable\b/);
    assert.match(String(tree().getTreeItem(prod).contextValue), /\bstate:connected\b/);
    assert.ok(prodChildren.every((n) => n.type === 'tenant'), 'prod-east shows tenants');
  });

  it('shows prod-east tenants with VMs in at least six statuses', async () => {
    const tenants = (await tree().getChildren(await child(tree(), undefined, 'prod-east'))).map((t) => label(tree(), t));
    for (const t of ['tenant-alpha', 'tenant-bravo', 'tenant-charlie', 'tenant-delta', 'tenant-echo']) assert.ok(tenants.includes(t), `${t} missing from ${tenants}`);
    assert.ok(!tenants.includes('kube-system') && !tenants.includes('kubevirt'), 'system namespaces are hidden by default');
    let statuses = new Set<string>();
    await eventually('the VM caches are loaded', async () => {
      statuses = new Set((await folderItems('prod-east', 'Virtual Machines')).map((n) => description(tree(), n).split(' · ')[0]));
      return statuses.size >= 6;
    });
    for (const s of ['Running', 'Stopped', 'ErrorUnschedulable', 'Migrating']) assert.ok(statuses.has(s), `${s} missing from ${[...statuses]}`);
  });

  it('labels microVM pods by runtime and keeps launcher pods out of Containers', async () => {
    let microvms: string[] = [];
    await eventually('the pod caches are loaded', async () => {
      microvms = (await folderItems('prod-east', 'MicroVM Pods')).map((n) => description(tree(), n));
      return microvms.length > 0;
    });
    for (const runtime of ['Kata QEMU', 'Kata Firecracker', 'gVisor']) assert.ok(microvms.some((d) => d.startsWith(runtime)), `${runtime} missing from ${microvms}`);
    const containers = (await folderItems('prod-east', 'Containers')).map((n) => label(tree(), n));
    assert.ok(containers.length > 0);
    assert.deepEqual(containers.filter((c) => c.startsWith('virt-launcher-')), []);
  });

  it("shows the tenant developer's two namespaces on shared-dev without an error", async () => {
    const nodes = await descendants(tree(), await child(tree(), undefined, 'shared-dev'));
    assert.deepEqual(nodes.filter((n) => n.type === 'message').map((n) => label(tree(), n)), []);
    const namespaces = new Set(nodes.flatMap((n) => (n.type === 'tenant' ? n.namespaces : [])));
    assert.deepEqual([...namespaces].sort(), ['oil-dev', 'oil-staging']);
    assert.ok(nodes.some((n) => n.type === 'folder' && n.category === 'vms'));
  });

  it('turns a VM started outside the extension Running by refreshing only its tenant', async () => {
    const node = await vmNode('batch-worker');
    assert.match(description(tree(), node), /^Stopped/);
    // Access reviews of the other tenants (expanded above) redraw those tenants when they land: let them land first.
    const namespaces = (await tree().getChildren(await child(tree(), undefined, 'prod-east'))).flatMap((t) => (t.type === 'tenant' ? t.namespaces : []));
    await eventually('the access reviews of prod-east are in', () => namespaces.every((n) => demo.permissions.allowed('prod-east', n, 'vm') !== undefined));
    await new Promise((resolve) => setTimeout(resolve, 200)); // past the tree's 100 ms debounce of those redraws
    const fired: (FleetNode | undefined)[] = [];
    const listener = tree().onDidChangeTreeData((e) => fired.push(...(Array.isArray(e) ? e : [e])));
    try {
      assert.equal(await callCluster(demo.sim, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/batch-worker/start`, {}), 202);
      await eventually('batch-worker shows Running', () => description(tree(), node).startsWith('Running'));
      await eventually('a change event', () => fired.length > 0);
      assert.ok(!fired.includes(undefined), 'the whole tree was refreshed');
      // Other clusters stay live meanwhile; on prod-east only tenant-alpha changed.
      const prodEast = fired.filter((n) => n && 'context' in n && n.context === 'prod-east');
      assert.deepEqual([...new Set(prodEast.map((n) => n?.id))], ['prod-east//tenant/tenant-alpha']);
    } finally {
      listener.dispose();
    }
  });

  it('loses no update when watches drop or expire (410)', async () => {
    const node = await vmNode('api-gateway');
    const cluster = demo.sim.clusters[0];
    cluster.faults.dropWatches(true);
    assert.equal(await callCluster(demo.sim, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/api-gateway/stop`, {}), 202);
    await eventually('api-gateway shows Stopped after the dropped watch', () => description(tree(), node).startsWith('Stopped'));

    // Every watch resumed next is told its resourceVersion is too old (410) and must relist.
    cluster.faults.expireNextWatch(50);
    cluster.faults.dropWatches();
    assert.equal(await callCluster(demo.sim, 'prod-east', ADMIN, 'PUT', `${SUBRESOURCES}/api-gateway/start`, {}), 202);
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
