// Harden Tenant… (a tenant's menu) and its fix action on a failing guardrail row: waits for the tenant's audit
// to settle, generates what is missing with the model's generators (all failing checks, or the row's one),
// opens it as a YAML document written for the tenant's cluster, and hands it to Apply to Cluster — the dry-run
// diff, the confirmation naming namespaces and cluster, then server-side apply. What needs a person (bindings,
// pods) is a comment at the top of the document and never applied.
import * as vscode from 'vscode';
import { openGenerated } from '../authoring/prompts';
import { hardenTenant, type HardenPlan } from '../model/generators/harden';
import type { CheckId } from '../model/guardrails/catalog';
import type { Tenant } from '../model/tenants';
import { auditSettings } from '../views/auditSettings';
import type { FleetNode } from '../views/nodes';
import { message, requireFleet, type Services } from './services';

interface HardenTarget {
  context: string;
  tenant: Tenant;
  /** Only this check (a row's fix action); all failing ones otherwise. */
  only?: CheckId;
}

function targetOf(node: FleetNode | undefined): HardenTarget | undefined {
  if (node?.type !== 'tenant' && node?.type !== 'guardrails' && node?.type !== 'guardrail') return undefined;
  const tenant: Tenant = { name: node.name, kind: node.capsule ? 'capsule' : 'namespace', namespaces: node.namespaces, system: false };
  return { context: node.context, tenant, ...(node.type === 'guardrail' ? { only: node.check } : {}) };
}

/** The manual advice as YAML comments above the manifests. */
function documentText(plan: HardenPlan, tenant: string, context: string): string {
  const advice = plan.manual.map((m) => `#   ${m.check}: ${m.text.replace(/\s*\n\s*/g, ' ')}`);
  const head = [vscode.l10n.t('# Harden Tenant {0} on {1}: generated from its guardrail audit.', tenant, context), ...(advice.length ? [vscode.l10n.t('# To do by hand (not applied):'), ...advice] : [])];
  return `${head.join('\n')}\n${plan.yaml}`;
}

export function registerHardenTenant(services: Services): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand('kubevirtWorkbench.hardenTenant', async (arg?: unknown) => {
      const target = targetOf(services.node(arg));
      if (!target) return undefined;
      try {
        return await harden(services, target);
      } catch (error) {
        void services.input.notify('error', vscode.l10n.t('Harden Tenant: {0}', message(error)));
        return undefined;
      }
    }),
  ];
}

async function harden(services: Services, { context, tenant, only }: HardenTarget) {
  const fleet = requireFleet(services);
  const settled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Auditing {0} on {1}…', tenant.name, context) },
    () => fleet.settledAudit(context, tenant, auditSettings()),
  );
  if (!settled) throw new Error(vscode.l10n.t('{0} is not connected.', context));
  const plan = hardenTenant(settled.snapshot, settled.audit, only ? [only] : undefined);
  if (!plan.objects.length) {
    const advice = plan.manual.map((m) => m.text).join(' ');
    void services.input.notify('info', vscode.l10n.t('Nothing to generate for {0} on {1}{2}.{3}', tenant.name, context, only ? ` (${only})` : '', advice ? vscode.l10n.t(' To do by hand: {0}', advice) : ''));
    return { plan };
  }
  const doc = await openGenerated(services.input, services.targets, async () => ({ name: `harden-${tenant.name}`, content: documentText(plan, tenant.name, context), context }));
  if (!doc) return { plan };
  const applied = await vscode.commands.executeCommand<{ all: unknown[] } | undefined>('kubevirtWorkbench.apply', doc.uri);
  return { plan, document: doc, applied };
}
