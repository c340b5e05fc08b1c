// Scenarios: data folders (`<name>/scenario.yaml` + multi-document manifests) and the generated `scale` one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import type { Scenario, ScenarioCluster, ScenarioUser } from '../scenario';
import type { KubeObject } from '../store';
import { scaleScenario } from './scale';

/**
 * The descriptor of a data scenario. Manifests are paths relative to the scenario folder, loaded in order;
 * `${param}` in them is replaced by the caller's params, falling back to the descriptor's `params` defaults.
 */
interface Descriptor {
  name: string;
  params?: Record<string, string>;
  clusters: (Omit<ScenarioCluster, 'objects'> & { manifests: string[] })[];
}

/** This folder in the source tree (the YAML is not compiled to out/). */
export function scenariosDir(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'demo', 'scenario.yaml'))) return dir;
    const candidate = path.join(dir, 'test', 'sim', 'scenarios');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`test/sim/scenarios not found above ${__dirname}`);
  }
}

export function listScenarios(): string[] {
  const dir = scenariosDir();
  const data = fs.readdirSync(dir).filter((d) => fs.existsSync(path.join(dir, d, 'scenario.yaml')));
  return [...data, 'scale'].sort();
}

export function loadScenario(name: string, params: Record<string, string> = {}): Scenario {
  if (name === 'scale') return scaleScenario(params);
  const folder = path.join(scenariosDir(), name);
  const file = path.join(folder, 'scenario.yaml');
  if (!/^[a-z0-9-]+$/.test(name) || !fs.existsSync(file)) throw new Error(`unknown scenario "${name}" (known: ${listScenarios().join(', ')})`);
  const descriptor = parse(fs.readFileSync(file, 'utf8')) as Descriptor;
  const values = { ...descriptor.params, ...params };
  for (const key of Object.keys(params)) if (!descriptor.params || !(key in descriptor.params)) throw new Error(`scenario "${name}" has no parameter "${key}"`);
  return {
    name: descriptor.name,
    clusters: descriptor.clusters.map(({ manifests, ...cluster }) => ({
      ...cluster,
      users: cluster.users.map((u: ScenarioUser) => ({ ...u })),
      objects: manifests.flatMap((manifest) => readManifest(path.join(folder, manifest), values)),
    })),
  };
}

function readManifest(file: string, values: Record<string, string>): KubeObject[] {
  const text = fs.readFileSync(file, 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, key: string) => values[key] ?? whole);
  return parseAllDocuments(text).flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`);
    const object = doc.toJS() as KubeObject | null;
    return object ? [object] : [];
  });
}
