// Object metadata validation with kube-apiserver's messages (names, generateName, namespace).
import { invalid } from './api-error';
import type { ResourceDef } from './resources';
import type { KubeObject } from './store';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** Why `name` is not a valid name for `def`, or undefined. */
function nameProblem(def: ResourceDef, name: string): string | undefined {
  if (def.group === 'rbac.authorization.k8s.io') {
    // RBAC objects only need a valid path segment.
    if (name === '.' || name === '..') return `may not be '${name}'`;
    if (/[/%]/.test(name)) return `may not contain '${name.includes('/') ? '/' : '%'}'`;
    return undefined;
  }
  if (def.resource === 'namespaces') {
    if (name.length > 63) return 'must be no more than 63 characters';
    return DNS1123_LABEL.test(name) ? undefined : LABEL_MESSAGE;
  }
  if (name.length > 253) return 'must be no more than 253 characters';
  return DNS1123_SUBDOMAIN.test(name) ? undefined : SUBDOMAIN_MESSAGE;
}

/** Validates metadata of an object about to be created or updated; throws 422 Invalid like kube-apiserver. */
export function validateMeta(def: ResourceDef, object: KubeObject): void {
  const meta = object.metadata;
  const shownName = meta.name ?? meta.generateName ?? '';
  const causes: { field: string; message: string }[] = [];
  if (!meta.name && !meta.generateName) {
    causes.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  } else if (meta.name) {
    const problem = nameProblem(def, meta.name);
    if (problem) causes.push({ field: 'metadata.name', message: `Invalid value: "${meta.name}": ${problem}` });
  } else if (meta.generateName) {
    // The generated name adds 5 characters; validate as if it had.
    const problem = nameProblem(def, meta.generateName + 'x');
    if (problem) causes.push({ field: 'metadata.generateName', message: `Invalid value: "${meta.generateName}": ${problem}` });
  }
  for (const [key, value] of Object.entries(meta.labels ?? {})) {
    if (typeof value !== 'string' || !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(value) || value.length > 63) {
      causes.push({ field: `metadata.labels`, message: `Invalid value: "${String(value)}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` });
      break;
    }
    if (!key) causes.push({ field: 'metadata.labels', message: 'Invalid value: "": name part must be non-empty' });
  }
  if (causes.length) throw invalid(def.kind, def.group, shownName, causes);
}
