// CustomResourceDefinitions for the optional API groups a scenario cluster serves (KubeVirt's, CDI's DataVolume,
// Capsule's Tenant), derived from the simulator's registry (test/sim/resources.ts: names, scope, short names,
// categories, subresources, printer columns) so that both backends serve the same groups the same way, with
// structural schemas from KubeVirt's OpenAPI (kubevirt-structural.json, see structural.ts).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../../harness/paths';
import { GROUPS, type ResourceDef } from '../../sim/resources';
import type { RestClient } from '../rest';
import { expectStatus } from '../rest';
import { KIND_DEFINITIONS, dataVolumeSchema, openSchema, structuralSchema, type JsonSchemaProps, type ReducedDefinitions } from './structural';

export interface CustomResourceDefinition {
  apiVersion: 'apiextensions.k8s.io/v1';
  kind: 'CustomResourceDefinition';
  metadata: { name: string; labels?: Record<string, string> };
  spec: Record<string, unknown>;
}

/** Groups that no CRD serves: virt-api's aggregated API (registered by an APIService, not a CRD). */
const NOT_CRDS = new Set(['subresources.kubevirt.io']);

let definitions: ReducedDefinitions | undefined;

function kubevirtDefinitions(): ReducedDefinitions {
  // Read from the source tree (tsc does not copy JSON to out/).
  definitions ??= JSON.parse(fs.readFileSync(path.join(repoRoot, 'test', 'controlplane', 'crds', 'kubevirt-structural.json'), 'utf8')) as ReducedDefinitions;
  return definitions;
}

function schemaFor(def: ResourceDef): JsonSchemaProps {
  const defs = kubevirtDefinitions().definitions;
  if (def.kind === 'DataVolume') return dataVolumeSchema(defs);
  const definition = KIND_DEFINITIONS[def.kind];
  return definition ? structuralSchema(defs, definition) : openSchema();
}

export function crdFor(def: ResourceDef): CustomResourceDefinition {
  if (!def.crd) throw new Error(`${def.resource}.${def.group} is not served by a CRD`);
  const subresources: Record<string, unknown> = {};
  if (def.subresources?.status) subresources.status = {};
  if (def.subresources?.scale) {
    if (!def.scale) throw new Error(`${def.resource}.${def.group}: a scale subresource needs its replica paths`);
    subresources.scale = def.scale;
  }
  const version: Record<string, unknown> = {
    name: def.version, served: true, storage: true,
    schema: { openAPIV3Schema: schemaFor(def) },
  };
  if (Object.keys(subresources).length) version.subresources = subresources;
  if (def.columns?.length) {
    version.additionalPrinterColumns = def.columns.map((c) => {
      if (!c.jsonPath) throw new Error(`${def.resource}.${def.group}: printer column ${c.name} has no JSONPath`);
      return { name: c.name, type: c.type, jsonPath: c.jsonPath, ...(c.description ? { description: c.description } : {}), ...(c.priority ? { priority: c.priority } : {}) };
    });
  }
  const names: Record<string, unknown> = { plural: def.resource, singular: def.singular, kind: def.kind, listKind: `${def.kind}List` };
  if (def.shortNames?.length) names.shortNames = def.shortNames;
  if (def.categories?.length) names.categories = def.categories;
  return {
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    metadata: { name: `${def.resource}.${def.group}`, labels: { 'app.kubernetes.io/part-of': 'kubevirt-workbench-tests' } },
    spec: { group: def.group, names, scope: def.namespaced ? 'Namespaced' : 'Cluster', versions: [version] },
  };
}

/** The CRDs that make a cluster serve `groups` (optional groups as the simulator names them). */
export function crdsForGroups(groups: readonly string[]): CustomResourceDefinition[] {
  const unknown = groups.filter((g) => !GROUPS.some((d) => d.optional && d.group === g));
  if (unknown.length) throw new Error(`unknown optional API group(s): ${unknown.join(', ')}`);
  return GROUPS.filter((g) => g.optional && groups.includes(g.group) && !NOT_CRDS.has(g.group)).flatMap((g) => g.resources.map(crdFor));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the CRDs and waits until each is Established (its API is served) and discovery lists it. */
export async function installCrds(admin: RestClient, crds: readonly CustomResourceDefinition[], timeoutMs = 60_000): Promise<void> {
  await Promise.all(crds.map(async (crd) => {
    expectStatus(await admin.post('/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd), `create CRD ${crd.metadata.name}`, 201);
  }));
  const deadline = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const current = (await admin.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd.metadata.name}`)).json<{ status?: { conditions?: { type: string; status: string; message?: string }[] } }>();
      const conditions = current.status?.conditions ?? [];
      const established = conditions.find((c) => c.type === 'Established')?.status === 'True';
      const problem = conditions.find((c) => c.type === 'NamesAccepted' && c.status === 'False' || c.type === 'NonStructuralSchema' && c.status === 'True');
      if (problem) throw new Error(`CRD ${crd.metadata.name}: ${problem.type}: ${problem.message}`);
      if (established) break;
      if (Date.now() > deadline) throw new Error(`CRD ${crd.metadata.name} not Established after ${timeoutMs / 1000} s`);
      await sleep(50);
    }
  }
  // Established means served; wait until discovery (what kubectl and clients resolve kinds with) lists them, and
  // until a list answers (the first requests get 429 "storage is (re)initializing" while the watch cache fills).
  for (const crd of crds) {
    const spec = crd.spec as { group: string; versions: { name: string }[]; names: { plural: string } };
    const groupVersion = `/apis/${spec.group}/${spec.versions[0].name}`;
    for (;;) {
      const discovery = await admin.get(groupVersion);
      const listed = discovery.status === 200 && discovery.json<{ resources: { name: string }[] }>().resources.some((r) => r.name === spec.names.plural);
      if (listed && (await admin.get(`${groupVersion}/${spec.names.plural}?limit=1`)).status === 200) break;
      if (Date.now() > deadline) throw new Error(`${groupVersion}/${spec.names.plural} not served after ${timeoutMs / 1000} s`);
      await sleep(50);
    }
  }
}
