/**
 * Makes a task's value safe to put in a report or an event: `Secret`s become `***`, registered secret values
 * are scrubbed from every string, errors become their JSON shape, and cycles or absurd depth are cut.
 */
import { isSmartlicError } from '../errors.js';
import { REDACTED, isSecret, redactText } from '../secret.js';

const MAX_DEPTH = 32;

export function redactValue(value: unknown): unknown {
  const seen = new WeakSet<object>();
  const walk = (v: unknown, depth: number): unknown => {
    if (typeof v === 'string') return redactText(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'function' || typeof v === 'symbol') return undefined;
    if (v === null || typeof v !== 'object') return v;
    if (isSecret(v)) return REDACTED;
    if (depth > MAX_DEPTH) return '[too deep]';
    if (seen.has(v)) return '[circular]';
    seen.add(v);
    try {
      if (isSmartlicError(v)) return walk(v.toJSON(), depth + 1);
      if (v instanceof Error) return { name: v.name, message: redactText(v.message) };
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return walk((v as { toJSON(): unknown }).toJSON(), depth + 1);
      if (Array.isArray(v)) return v.map((item) => walk(item, depth + 1));
      if (v instanceof Map) return Object.fromEntries([...v].map(([k, item]) => [String(k), walk(item, depth + 1)]));
      if (v instanceof Set) return [...v].map((item) => walk(item, depth + 1));
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(v)) {
        const r = walk(item, depth + 1);
        if (r !== undefined) out[key] = r;
      }
      return out;
    } finally {
      seen.delete(v);
    }
  };
  return walk(value, 0);
}
