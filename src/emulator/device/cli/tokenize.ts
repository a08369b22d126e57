/**
 * Splits a CLI line into tokens with their character offsets (the caret of `% Invalid input detected at '^'
 * marker.` points at a token start). A token that starts with `"` runs to the closing quote, spaces included,
 * as IOS reads `profile "CiscoTAC-1"` or `| include "Data and signature"`.
 */
export interface Token {
  /** The token text, without surrounding quotes. */
  readonly value: string;
  /** The token as typed. */
  readonly raw: string;
  readonly start: number;
  readonly end: number;
  readonly quoted: boolean;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i] ?? '')) i++;
    if (i >= line.length) break;
    const start = i;
    if (line[i] === '"') {
      const close = line.indexOf('"', i + 1);
      const end = close === -1 ? line.length : close + 1;
      const raw = line.slice(start, end);
      tokens.push({ value: close === -1 ? raw.slice(1) : raw.slice(1, -1), raw, start, end, quoted: true });
      i = end;
      continue;
    }
    while (i < line.length && !/\s/.test(line[i] ?? '')) i++;
    const raw = line.slice(start, i);
    tokens.push({ value: raw, raw, start, end: i, quoted: false });
  }
  return tokens;
}
