/** kube-apiserver's timestamp format: RFC 3339 in UTC without fractional seconds. */
export const timestamp = (date = new Date()) => date.toISOString().replace(/\.\d+Z$/, 'Z');

const alphabet = 'bcdfghjklmnpqrstvwxz2456789';

/** The 5-character suffix that generateName and ReplicaSets use. */
export function nameSuffix(length = 5): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(Math.random() * alphabet.length)];
  return out;
}
