// Where a "New …" flow puts what it writes: a cluster that can take it (connected first, the others marked why) and
// a namespace the user may create it in (from access reviews), or — without any cluster — a typed namespace. Run
// on a cluster, tenant or namespace of the Fleet view, the flow starts from there.
import * as vscode from 'vscode';
import { chooseCluster, clusterItems, connectAllWithProgress, type ClusterPickItem } from '../commands/clusterPick';
import { namespacesAllowing } from '../cluster/createAccess';
import type { Fleet } from '../cluster/fleet';
import type { ResourceCheck } from '../model/permissions';
import { isSystemNamespace } from '../model/tenants';
import type { FleetNode } from '../views/nodes';
import { dnsLabel, Stopped, type Steps } from './prompts';

const WITHOUT_CLUSTER = 'Without a cluster';

/** The tree row a flow was run on: its cluster, and the namespaces of a tenant or namespace. */
export interface Origin {
  context: string;
  namespaces?: string[];
}

export interface Placement {
  /** Undefined when the YAML is written without a cluster. */
  context?: string;
  namespace: string;
}

export interface PlacementNeeds {
  /** What is created, for the prompts: `VirtualMachine`. */
  kind: string;
  /** The access review a namespace must pass. */
  check: ResourceCheck;
  needsKubeVirt: boolean;
}

export function originOf(node: FleetNode | undefined): Origin | undefined {
  switch (node?.type) {
    case 'cluster':
      return { context: node.context };
    case 'tenant':
      return { context: node.context, namespaces: node.namespaces };
    case 'namespace':
      return { context: node.context, namespaces: [node.namespace] };
    default:
      return undefined;
  }
}

/** How many steps placement takes: cluster and namespace, less what the origin already says. */
export function placementSteps(origin: Origin | undefined): number {
  return (origin ? 0 : 1) + (origin?.namespaces?.length === 1 ? 0 : 1);
}

export async function askPlacement(steps: Steps, fleet: Fleet | undefined, origin: Origin | undefined, needs: PlacementNeeds): Promise<Placement> {
  const context = origin?.context ?? (await askCluster(steps, fleet, needs));
  if (origin?.namespaces?.length === 1) return { context, namespace: origin.namespaces[0] };
  return { context, namespace: await askNamespace(steps, fleet, context, origin?.namespaces, needs) };
}

/** A reachable cluster that can take it, or undefined to write the YAML without one. */
async function askCluster(steps: Steps, fleet: Fleet | undefined, needs: PlacementNeeds): Promise<string | undefined> {
  if (!fleet?.contexts().length) {
    steps.adjust(-1);
    return undefined;
  }
  await connectAllWithProgress(fleet);
  const items: ClusterPickItem[] = [
    ...clusterItems(fleet, needs.needsKubeVirt),
    { label: '', kind: vscode.QuickPickItemKind.Separator },
    { label: WITHOUT_CLUSTER, description: vscode.l10n.t('write the YAML only; Apply asks for a cluster'), context: WITHOUT_CLUSTER },
  ];
  let first = true;
  const context = await chooseCluster(items, vscode.l10n.t('Cluster to create the {0} on', needs.kind), (offered, placeHolder) => {
    if (!first) steps.repeat();
    first = false;
    return steps.pick(offered, placeHolder);
  });
  return context === WITHOUT_CLUSTER ? undefined : context;
}

/** A namespace where the access review allows it (the context's own first), or a typed one without a cluster. */
async function askNamespace(steps: Steps, fleet: Fleet | undefined, context: string | undefined, among: string[] | undefined, needs: PlacementNeeds): Promise<string> {
  if (!fleet || !context) return steps.text(vscode.l10n.t('Namespace of the {0}', needs.kind), 'default', dnsLabel);
  const visible = among ?? fleet.namespaces(context).filter((n) => !isSystemNamespace(n));
  const allowed = await vscode.window
    .withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Checking where you may create a {0} on {1}', needs.kind, context) }, () => namespacesAllowing(fleet.http(context), visible, needs.check))
    .then(undefined, (error: unknown) => {
      throw new Stopped(vscode.l10n.t('Cannot check where you may create a {0} on {1}: {2}', needs.kind, context, error instanceof Error ? error.message : String(error)));
    });
  if (!allowed.length) throw new Stopped(vscode.l10n.t('You may not create a {0} in {1}.', needs.kind, among ? among.join(', ') : vscode.l10n.t('any namespace you can see on {0}', context)));
  const own = fleet.contexts().find((c) => c.name === context)?.namespace;
  const tenants = fleet.tenants(context, { showSystem: true }).filter((t) => t.kind === 'capsule');
  const items = [...allowed]
    .sort((a, b) => Number(b === own) - Number(a === own) || a.localeCompare(b))
    .map((namespace) => {
      const tenant = tenants.find((t) => t.namespaces.includes(namespace));
      return { label: namespace, description: [tenant ? `tenant ${tenant.name}` : undefined, namespace === own ? vscode.l10n.t('the context\'s namespace') : undefined].filter(Boolean).join(' · ') };
    });
  return (await steps.pick(items, vscode.l10n.t('Namespace on {0} where you may create a {1}', context, needs.kind))).label;
}
