/**
 * Playbooks, inventories and intent files as text: JSON (`JSON.parse`, strict) or YAML. A key given twice in one
 * object is an error in both: `JSON.parse` would keep the last one silently, so a host listed twice in an
 * inventory, or a task parameter written twice, would lose one of its definitions without a word. YAML's parser
 * refuses duplicate keys itself; JSON, being YAML 1.2 flow syntax, is read a second time by it only to find them.
 */
import { parse as parseYaml, parseDocument } from 'yaml';

export type StructuredFormat = 'json' | 'yaml';

/** A `SyntaxError` naming the key given twice and where, or null. */
function duplicateKey(text: string): SyntaxError | null {
  const duplicate = parseDocument(text, { uniqueKeys: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate === undefined) return null;
  const at = duplicate.pos[0];
  const key = /^"((?:[^"\\]|\\.)*)"/.exec(text.slice(at))?.[1] ?? text.slice(at).split(/[\s:]/)[0];
  const where = duplicate.linePos?.[0];
  return new SyntaxError(`the key "${key}" is given twice in one object${where === undefined ? '' : ` (line ${where.line} column ${where.col})`}`);
}

/** The parsed value; throws a `SyntaxError` (or the YAML parser's error) saying what is wrong and where. */
export function parseStructuredText(text: string, format: StructuredFormat): unknown {
  if (format === 'yaml') return parseYaml(text, { uniqueKeys: true });
  const value: unknown = JSON.parse(text);
  const duplicate = duplicateKey(text);
  if (duplicate !== null) throw duplicate;
  return value;
}
