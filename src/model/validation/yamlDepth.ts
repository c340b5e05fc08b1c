// How deeply a YAML text nests its flow collections (`[` and `{`), found by a scan rather than the parser: the
// yaml library recurses once per level, so a few thousand unclosed levels overflow the stack and its error
// recovery then takes seconds to minutes, blocking the extension host. No real manifest comes near the limit.
export const MAX_FLOW_DEPTH = 256;

/** The offset of the bracket that opens level MAX_FLOW_DEPTH + 1, if the text nests that deep. */
export function tooDeepAt(text: string): number | undefined {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i;
    } else if (c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    } else if (c === '#' && startsToken(text, i)) {
      i = lineEnd(text, i);
    } else if ((c === '"' || c === "'") && startsToken(text, i)) {
      i = quoteEnd(text, i);
    }
  }
  return undefined;
}

/** A comment or quoted scalar starts only at a line's start or after a blank or a flow indicator. */
function startsToken(text: string, i: number): boolean {
  return i === 0 || /[\s[\]{},:]/.test(text[i - 1]);
}

function lineEnd(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end < 0 ? text.length : end;
}

/** The closing quote's offset: `\"` escapes inside double quotes, `''` inside single quotes. */
function quoteEnd(text: string, i: number): number {
  const quote = text[i];
  for (let j = i + 1; j < text.length; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j;
    }
  }
  return text.length;
}
