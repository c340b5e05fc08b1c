// "Find Virtual Machine…": every cached VM of every connected cluster in one QuickPick; the choice is revealed
// in the Fleet tree.
import * as vscode from 'vscode';
import type { Fleet } from '../cluster/fleet';
import type { UserInput } from './userInput';
import type { VirtualMachine } from '../model/objects';
import { statusGroup } from '../model/vmStatus';

interface VmPick extends vscode.QuickPickItem {
  context: string;
  namespace: string;
  name: string;
}

const GROUP_ICONS: Record<string, string> = { running: 'vm-running', paused: 'debug-pause', error: 'error', transitional: 'sync', stopped: 'vm-outline', unknown: 'vm-outline' };

export function vmPicks(fleet: Fleet): VmPick[] {
  return fleet.contexts().flatMap((c) =>
    fleet.namespaces(c.name).flatMap((namespace) =>
      (fleet.vms(c.name, namespace) as VirtualMachine[]).map((vm) => {
        const status = vm.status?.printableStatus ?? 'Unknown';
        return {
          label: `$(${GROUP_ICONS[statusGroup(status)]}) ${vm.metadata.name}`,
          description: `${namespace} · ${c.name}`,
          detail: status,
          context: c.name,
          namespace,
          name: vm.metadata.name,
        };
      }),
    ),
  );
}

export async function findVirtualMachine(fleet: Fleet | undefined, input: UserInput, reveal: (pick: { context: string; namespace: string; name: string }) => Thenable<void>): Promise<void> {
  const picks = fleet ? vmPicks(fleet) : [];
  if (!picks.length) {
    void input.notify('info', 'No virtual machines loaded yet. Expand a cluster in the Fleet view to connect to it.');
    return;
  }
  const choice = await input.pick(picks, { title: 'Find Virtual Machine', placeHolder: 'Name, namespace or cluster', matchOnDescription: true, matchOnDetail: true });
  if (choice) await reveal(choice);
}
