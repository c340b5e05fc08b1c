// The simple JSONPath of CRD printer columns (`.status.phase`, `.status.interfaces[0].ipAddress`,
// `.status.conditions[?(@.type=='Ready')].status`), evaluated the way the CRD table convertor does: the first
// match is the cell; nothing found is null.

type Step = { key: string } | { index: number } | { filter: { key: string; value: string } };

const STEP = /^(?:\.([A-Za-z0-9_-]+)|\[(\d+)\]|\[\?\(@\.([A-Za-z0-9_-]+)\s*==\s*['"]([^'"]*)['"]\)\])/;

export function parseJsonPath(path: string): Step[] {
  const steps: Step[] = [];
  for (let rest = path; rest; ) {
    const m = STEP.exec(rest);
    if (!m) throw new Error(`unsupported JSONPath "${path}" at "${rest}"`);
    if (m[1] !== undefined) steps.push({ key: m[1] });
    else if (m[2] !== undefined) steps.push({ index: Number(m[2]) });
    else steps.push({ filter: { key: m[3], value: m[4] } });
    rest = rest.slice(m[0].length);
  }
  return steps;
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Every value the path selects, in document order. */
export function evaluate(path: string, root: unknown): unknown[] {
  let current: unknown[] = [root];
  for (const step of parseJsonPath(path)) {
    const next: unknown[] = [];
    for (const value of current) {
      if ('key' in step) {
        if (isObject(value) && value[step.key] !== undefined) next.push(value[step.key]);
      } else if ('index' in step) {
        if (Array.isArray(value) && step.index < value.length) next.push(value[step.index]);
      } else if (Array.isArray(value)) {
        next.push(...value.filter((item) => isObject(item) && String(item[step.filter.key]) === step.filter.value));
      }
    }
    current = next;
  }
  return current;
}

/** The cell of a CRD printer column: string columns print the value as text, typed columns keep it or drop a mismatch. */
export function columnCell(path: string, type: string, object: unknown): unknown {
  const [value] = evaluate(path, object);
  if (value === undefined || value === null) return null;
  switch (type) {
    case 'string': return typeof value === 'object' ? JSON.stringify(value) : String(value);
    case 'integer': return typeof value === 'number' && Number.isInteger(value) ? value : null;
    case 'number': return typeof value === 'number' ? value : null;
    case 'boolean': return typeof value === 'boolean' ? value : null;
    default: return value;
  }
}
