/**
 * JSON Schema validation (ajv) for the files users write: inventories, intents, playbooks. The schemas ship
 * in the package (`schemas/*.schema.json`). Errors come back as `FieldIssue`s: a JSON pointer to the value
 * and a sentence saying what was expected, one issue per offending value.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { readFileSync } from 'node:fs';
import type { FieldIssue } from '../errors.js';

export type SchemaName = 'inventory' | 'intent' | 'playbook';

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

let ajv: Ajv | undefined;
const compiled = new Map<SchemaName, ValidateFunction>();

export function schemaPath(name: SchemaName): URL {
  // src/schema/validate.ts and dist/schema/validate.js both sit two levels below the package root.
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}

function validator(name: SchemaName): ValidateFunction {
  const cached = compiled.get(name);
  if (cached) return cached;
  if (!ajv) {
    // strictRequired is off: `required` next to an `allOf` $ref (a host = connection + host) is intended.
    ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    addFormats(ajv);
  }
  const fn = ajv.compile(loadSchema(name));
  compiled.set(name, fn);
  return fn;
}

function describe(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing required property "${String(p['missingProperty'])}"`;
    case 'additionalProperties':
      return `unknown property "${String(p['additionalProperty'])}"`;
    case 'enum':
      return `must be one of: ${(p['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `must be ${JSON.stringify(p['allowedValue'])}`;
    case 'type':
      return `must be ${String(p['type'])}`;
    case 'pattern':
      return `does not match the expected form ${String(p['pattern'])}`;
    case 'format':
      return `must be a valid ${String(p['format'])}`;
    case 'propertyNames':
      return `has an invalid property name "${String(p['propertyName'])}"`;
    case 'oneOf':
    case 'anyOf':
      return 'does not match any of the allowed forms';
    default:
      return error.message ?? `fails ${error.keyword}`;
  }
}

function pointerOf(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') return `${error.instancePath}/${escapePointer(String(p['additionalProperty']))}`;
  if (error.keyword === 'propertyNames') return `${error.instancePath}/${escapePointer(String(p['propertyName']))}`;
  return error.instancePath;
}

export function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/**
 * Keeps the most useful error per value: errors raised inside a `oneOf`/`anyOf` branch are summarised by the
 * combinator's own error (with the schema's `description` of the allowed forms when it has one).
 */
function summarise(errors: readonly ErrorObject[], schema: Record<string, unknown>): FieldIssue[] {
  const combinators = errors.filter((e) => e.keyword === 'oneOf' || e.keyword === 'anyOf');
  const insideCombinator = (e: ErrorObject): boolean =>
    combinators.some((c) => e !== c && e.instancePath.startsWith(c.instancePath) && e.schemaPath.startsWith(c.schemaPath.replace(/\/(oneOf|anyOf)$/, '')));
  const issues: FieldIssue[] = [];
  const seen = new Set<string>();
  for (const e of errors) {
    // a property name's own pattern error adds nothing to the propertyNames error that names the property
    if ((e as { propertyName?: string }).propertyName !== undefined && e.keyword !== 'propertyNames') continue;
    if (e.keyword !== 'oneOf' && e.keyword !== 'anyOf' && insideCombinator(e)) continue;
    const pointer = pointerOf(e);
    let message = describe(e);
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      const forms = describeForms(schema, e.schemaPath);
      if (forms) message = `must be ${forms}`;
    }
    const key = `${pointer}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ pointer, message });
  }
  return issues;
}

/** For a `oneOf` of simple forms, a readable list such as `a string, {"$env": NAME} or {"$file": PATH}`. */
function describeForms(schema: Record<string, unknown>, schemaPath: string): string | null {
  const node = resolveSchemaPath(schema, schemaPath);
  if (!Array.isArray(node)) return null;
  const parts = node.map((branch: Record<string, unknown>) => {
    if (branch['type'] === 'string') return 'a string';
    if (branch['type'] === 'boolean') return 'true/false';
    const required = branch['required'];
    if (branch['type'] === 'object' && Array.isArray(required) && required.length === 1) {
      return `{"${String(required[0])}": …}`;
    }
    return 'an allowed form';
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : (parts[0] ?? null);
}

function resolveSchemaPath(schema: Record<string, unknown>, schemaPath: string): unknown {
  let node: unknown = schema;
  for (const raw of schemaPath.replace(/^#\/?/, '').split('/')) {
    if (raw === '') continue;
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[seg];
  }
  return node;
}

/** Validates `data` against a shipped schema; returns the issues (empty when valid). */
export function validateAgainstSchema(name: SchemaName, data: unknown): FieldIssue[] {
  const fn = validator(name);
  if (fn(data)) return [];
  return summarise(fn.errors ?? [], loadSchema(name));
}
