/**
 * Secret references inside playbook and inventory variables and task parameters: `{ "$env": "VAR" }` or
 * `{ "$file": "path" }` anywhere in a value become `Secret`s before anything runs; a variable that is not set or
 * a file that cannot be read is an E_SECRET_MISSING issue at the reference's pointer.
 */
import { PlaybookError, type FieldIssue } from '../errors.js';
import type { SecretRef } from '../inventory/types.js';
import { escapePointer } from '../schema/validate.js';
import { isSecret, type Secret } from '../secret.js';

export interface SecretResolution {
  readonly value: unknown;
  /** References that could not be resolved (E_SECRET_MISSING). */
  readonly missing: readonly FieldIssue[];
  /** References written wrongly (E_PLAYBOOK / E_INVENTORY). */
  readonly malformed: readonly FieldIssue[];
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

function refKind(value: object): '$env' | '$file' | null {
  if ('$env' in value) return '$env';
  if ('$file' in value) return '$file';
  return null;
}

/** Resolves one reference or throws a `PlaybookError` (E_SECRET_MISSING) naming the pointer. */
export type SecretResolver = (ref: Exclude<SecretRef, string>, pointer: string) => Secret;

/** Replaces every secret reference in `value` by a `Secret`. */
export function resolveSecretRefs(value: unknown, pointer: string, resolveRef: SecretResolver): SecretResolution {
  const missing: FieldIssue[] = [];
  const malformed: FieldIssue[] = [];
  const walk = (v: unknown, at: string): unknown => {
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}/${i}`));
    if (v === null || typeof v !== 'object' || isSecret(v)) return v;
    const kind = refKind(v);
    if (kind !== null) {
      const ref = (v as Record<string, unknown>)[kind];
      if (Object.keys(v).length !== 1) {
        malformed.push({ pointer: at, message: `a secret reference has exactly one key ("${kind}")` });
        return v;
      }
      if (typeof ref !== 'string' || ref === '' || (kind === '$env' && !ENV_NAME.test(ref))) {
        malformed.push({ pointer: `${at}/${kind}`, message: kind === '$env' ? 'must be an environment variable name' : 'must be a file path' });
        return v;
      }
      try {
        return resolveRef(kind === '$env' ? { $env: ref } : { $file: ref }, at);
      } catch (error) {
        if (error instanceof PlaybookError) {
          missing.push(...error.issues);
          return v;
        }
        throw error;
      }
    }
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(v)) out[key] = walk(item, `${at}/${escapePointer(key)}`);
    return out;
  };
  return { value: walk(value, pointer), missing, malformed };
}
