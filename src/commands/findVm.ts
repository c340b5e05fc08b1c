// "Find Virtual Machine…": connects every cluster not yet connected (with progress) and loads the tenants not
// opened yet, then offers every VM of every cluster in one QuickPick, matched by name, namespace, cluster, status, node or IP; the choice is revealed in the
// Fleet tree.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { VirtualMachine, VirtualMachineInstance } from '../model/objects';
import { primaryIp, statusGroup } from '../model/vmStatus';
import { connectAllWithProgress } from './clusterPick';
import type { UserInput } from './userInput';

export interface VmPick extends vscode.QuickPickItem {
  context: string;
  namespace: string;
  name: string;
}

const GROUP_ICONS: Record<string, string> = { running: 'vm-running', paused: 'debug-pause', error: 'error', transitional: 'sync', stopped: 'vm-outline', unknown: 'vm-outline' };

/** How long to wait for VM lists still loading once the clusters are connected. */
const LOAD_WAIT_MS = 10_000;

export function vmPicks(fleet: Fleet): VmPick[] {
  return fleet.contexts().flatMap((c) =>
    fleet.namespaces(c.name).flatMap((namespace) => {
      const vmis = new Map((fleet.vmis(c.name, namespace) as VirtualMachineInstance[]).map((v) => [v.metadata.name, v]));
      return (fleet.vms(c.name, namespace) as VirtualMachine[]).map((vm) => {
        const status = vm.status?.printableStatus ?? 'Unknown';
        const vmi = status === 'Stopped' ? undefined : vmis.get(vm.metadata.name);
        return {
          label: `$(${GROUP_ICONS[statusGroup(status)]}) ${vm.metadata.name}`,
          description: `${namespace} · ${c.name}`,
          detail: [status, vmi?.status?.nodeName, primaryIp(vmi?.status)].filter(Boolean).join(' · '),
          context: c.name,
          namespace,
          name: vm.metadata.name,
        };
      });
    }),
  );
}

export async function findVirtualMachine(fleet: Fleet | undefined, input: UserInput, reveal: (pick: VmPick) => Thenable<void>): Promise<VmPick | undefined> {
  if (!fleet?.contexts().length) {
    void input.notify('info', vscode.l10n.t('No clusters: your kubeconfig names no context.'));
    return undefined;
  }
  await connectAllWithProgress(fleet);
  // Where a cluster is cached per tenant, searching every VM opens the caches of the tenants not expanded yet.
  for (const c of fleet.contexts()) fleet.watchNamespaces(c.name, fleet.tenants(c.name).flatMap((t) => t.namespaces));
  await whenListed(fleet);
  const picks = vmPicks(fleet);
  if (!picks.length) {
    void input.notify('info', vscode.l10n.t('No virtual machines on any cluster you can reach.'));
    return undefined;
  }
  const choice = await input.pick(picks, { title: vscode.l10n.t('Find Virtual Machine'), placeHolder: vscode.l10n.t('Name, namespace, cluster, status, node or IP'), matchOnDescription: true, matchOnDetail: true });
  if (choice) await reveal(choice);
  return choice;
}

/** Resolves once no VM or VMI list of a connected cluster is still loading (or after a while, with what there is). */
function whenListed(fleet: Fleet): Promise<void> {
  const loading = () =>
    fleet.contexts().some((c) =>
      fleet.namespaces(c.name).some((n) => fleet.cacheState(c.name, 'virtualmachines', n) === 'pending' || fleet.cacheState(c.name, 'virtualmachineinstances', n) === 'pending'),
    );
  if (!loading()) return Promise.resolve();
  const listed = vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Listing virtual machines…') }, () =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        resolve();
      };
      const timer = setTimeout(done, LOAD_WAIT_MS);
      const unsubscribe = fleet.onDidChange(() => {
        if (!loading()) done();
      });
    }),
  );
  return Promise.resolve(listed);
}
