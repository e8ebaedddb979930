/**
 * Splitting a command line into arguments. Words are separated by whitespace; a word that starts
 * with a quote (`"`, `'`, or the typographic `“` `‘` that phones type) runs to the matching closing
 * quote, spaces included, and a backslash inside quotes escapes the next character. A quote that
 * never closes is an ordinary character, so `don't` and `"hi` stay words. Each token keeps its
 * offsets in the line, so a "rest of the line" parameter can take the raw text from there on.
 */

/** One argument as typed. */
export interface Token {
  /** The argument, quotes removed. */
  readonly value: string;
  /** Where it starts in the line (at its opening quote, if any). */
  readonly start: number;
  /** Where it ends (after its closing quote). */
  readonly end: number;
  /** Whether it was quoted. */
  readonly quoted: boolean;
}

const CLOSING: Record<string, string> = { '"': '"', "'": "'", '“': '”', '‘': '’', '„': '“' };

/** Split `line` into tokens. */
export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    const close = CLOSING[line[i]!];
    if (close !== undefined) {
      const quoted = readQuoted(line, i + 1, close);
      if (quoted) {
        tokens.push({ value: quoted.value, start, end: quoted.end, quoted: true });
        i = quoted.end;
        continue;
      }
    }
    while (i < line.length && !/\s/.test(line[i]!)) i++;
    tokens.push({ value: line.slice(start, i), start, end: i, quoted: false });
  }
  return tokens;
}

/** The quoted text from `from` to the closing quote (which must end the word), or undefined. */
function readQuoted(line: string, from: number, close: string): { value: string; end: number } | undefined {
  let value = '';
  for (let i = from; i < line.length; i++) {
    const c = line[i]!;
    if (c === '\\' && i + 1 < line.length) {
      value += line[++i];
      continue;
    }
    if (c === close && (i + 1 === line.length || /\s/.test(line[i + 1]!))) return { value, end: i + 1 };
    value += c;
  }
  return undefined;
}
