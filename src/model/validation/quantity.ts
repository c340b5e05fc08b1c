// Kubernetes resource quantities (`128Mi`, `1G`, `1.5Gi`, `500m`, `1e3`) as numbers, for comparing sizes.

const SUFFIXES: Record<string, number> = {
  '': 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The value of a quantity, or undefined when it is not one. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const match = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|([a-zA-Z]*))$/.exec(value.trim());
  if (!match) return undefined;
  const [, number, exponent, suffix = ''] = match;
  if (exponent) return Number(number + exponent);
  const factor = SUFFIXES[suffix];
  return factor === undefined ? undefined : Number(number) * factor;
}
