// Text from outside (a credential plugin's stderr) made fit for a trace log: anything that looks like a
// credential — a bearer token, a JWT, a long run of base64 or hex, a PEM block, key=value secrets — is cut out.

const PATTERNS: RegExp[] = [
  /-----BEGIN [^-]+-----[\s\S]*?(-----END [^-]+-----|$)/g,
  /\b(bearer|basic)\s+\S+/gi,
  /\b((?:access|id|refresh)?_?token|password|secret|key)(["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
  /\beyJ[\w-]+\.[\w-]+\.[\w-]*/g,
  /[A-Za-z0-9+/_.=-]{24,}/g,
];

export function redact(text: string): string {
  let out = text;
  for (const pattern of PATTERNS) {
    out = out.replace(pattern, (match, ...groups: unknown[]) => {
      if (pattern === PATTERNS[2]) return `${String(groups[0])}${String(groups[1])}[redacted]`;
      if (pattern === PATTERNS[1]) return `${String(groups[0])} [redacted]`;
      return match.startsWith('-----BEGIN') ? '[redacted PEM]' : '[redacted]'; // l10n-ignore: a marker in log lines
    });
  }
  return out.length > 2000 ? `${out.slice(0, 2000)}…` : out;
}
