/**
 * JSON Schema validation (ajv) for the files users write: inventories, intents, playbooks. The schemas ship
 * in the package (`schemas/*.schema.json`). Errors come back as `FieldIssue`s: a JSON pointer to the value
 * and a sentence saying what was expected, one issue per offending value.
 *
 * A schema may `$ref` another schema file by name (`"$ref": "licensing-intent.schema.json"`): the file is looked
 * up in the compiler's search directories, then in the package's `schemas/`. A file that is not installed does
 * not break compilation; values that need it fail with an issue saying which schema is missing.
 */
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule, { type FormatsPlugin } from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FieldIssue } from '../errors.js';

export type SchemaName = 'inventory' | 'intent' | 'playbook';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** Checks a value; returns the issues (empty when valid). */
export type SchemaValidator = (data: unknown) => FieldIssue[];

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats: FormatsPlugin =
  (addFormatsModule as unknown as { default?: FormatsPlugin }).default ?? (addFormatsModule as unknown as FormatsPlugin);

export function schemaPath(name: SchemaName): URL {
  // src/schema/validate.ts and dist/schema/validate.js both sit two levels below the package root.
  return new URL(`../../schemas/${name}.schema.json`, import.meta.url);
}

/** The package's own schema directory. */
export const PACKAGE_SCHEMA_DIR = fileURLToPath(new URL('../../schemas/', import.meta.url));

export function loadSchema(name: SchemaName): Record<string, unknown> {
  return JSON.parse(readFileSync(schemaPath(name), 'utf8')) as Record<string, unknown>;
}

/** A `$ref` to another schema file: a bare file name, optionally with a fragment. */
const FILE_REF = /^([A-Za-z0-9][A-Za-z0-9._-]*\.json)(#.*)?$/;
const MISSING_KEYWORD = 'missingSchemaFile';

export interface SchemaCompilerOptions {
  /** Directories searched, in order, for schema files referenced by name, before the package's `schemas/`. */
  readonly searchDirs?: readonly string[];
}

/**
 * One ajv instance plus the schema files it has pulled in. Root schemas are added once (by `$id`) and their
 * sub-schemas are addressable by JSON pointer (`validatorFor(root, '/definitions/params/register')`).
 */
export class SchemaCompiler {
  readonly #ajv: Ajv;
  readonly #dirs: readonly string[];
  readonly #roots = new Map<string, JsonSchema>();
  readonly #validators = new Map<string, ValidateFunction>();

  constructor(options: SchemaCompilerOptions = {}) {
    this.#dirs = [...(options.searchDirs ?? []), PACKAGE_SCHEMA_DIR];
    // strictRequired is off: `required` next to an `allOf` $ref (a host = connection + host) is intended.
    // verbose: errors carry the schema node they come from (`parentSchema`, `schema`), which callers match on
    // and which names a `oneOf`'s forms wherever it was reached through a `$ref`.
    this.#ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true, verbose: true });
    addFormats(this.#ajv);
    this.#ajv.addKeyword({
      keyword: MISSING_KEYWORD,
      schemaType: 'string',
      errors: true,
      validate: function missing(file: string): boolean {
        (missing as { errors?: Partial<ErrorObject>[] }).errors = [
          { keyword: MISSING_KEYWORD, message: `cannot be checked: the schema file ${file} is not installed`, params: { file } },
        ];
        return false;
      },
    });
  }

  /**
   * A validator for `root` (identified by its `$id`) or for the sub-schema at `pointer` inside it. `ignore` drops
   * raw ajv errors the caller reports its own way.
   */
  validatorFor(root: JsonSchema, pointer = '', ignore?: (error: ErrorObject) => boolean): SchemaValidator {
    const id = root['$id'];
    if (typeof id !== 'string') throw new TypeError('SchemaCompiler: a root schema needs an $id');
    const known = this.#roots.get(id);
    if (known === undefined) {
      this.#loadReferences(root, id);
      this.#ajv.addSchema(root as Record<string, unknown>);
      this.#roots.set(id, root);
    } else if (known !== root) {
      throw new TypeError(`SchemaCompiler: another schema already has the $id ${id}`);
    }
    const ref = pointer === '' ? id : `${id}#${pointer}`;
    let fn = this.#validators.get(ref);
    if (fn === undefined) {
      fn = this.#ajv.getSchema(ref);
      if (fn === undefined) throw new TypeError(`SchemaCompiler: no schema at ${ref}`);
      this.#validators.set(ref, fn);
    }
    const compiled = fn;
    return (data) => {
      if (compiled(data)) return [];
      const errors = compiled.errors ?? [];
      return summariseErrors(ignore === undefined ? errors : errors.filter((e) => !ignore(e)), root);
    };
  }

  /** Adds every schema file `schema` references by name (recursively), or a stand-in that reports it missing. */
  #loadReferences(schema: unknown, baseId: string): void {
    for (const ref of fileRefs(schema)) {
      const match = FILE_REF.exec(ref);
      if (match === null) continue;
      const file = match[1] as string;
      const url = new URL(file, baseId).href;
      if (this.#ajv.getSchema(url) !== undefined) continue;
      const dir = this.#dirs.find((d) => existsSync(join(d, file)));
      if (dir === undefined) {
        this.#ajv.addSchema({ $id: url, [MISSING_KEYWORD]: file });
        continue;
      }
      const loaded = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
      // The file is known by the name it was referenced with, whatever `$id` it declares.
      const withId = { ...loaded, $id: url };
      this.#ajv.addSchema(withId);
      this.#loadReferences(withId, url);
    }
  }
}

function fileRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) {
    for (const item of node) fileRefs(item, out);
  } else if (node !== null && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && !value.startsWith('#')) out.push(value);
      else fileRefs(value, out);
    }
  }
  return out;
}

let defaultCompiler: SchemaCompiler | undefined;
const shipped = new Map<SchemaName, JsonSchema>();

function shippedValidator(name: SchemaName): SchemaValidator {
  defaultCompiler ??= new SchemaCompiler();
  let schema = shipped.get(name);
  if (schema === undefined) {
    schema = loadSchema(name);
    shipped.set(name, schema);
  }
  return defaultCompiler.validatorFor(schema);
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
export function summariseErrors(errors: readonly ErrorObject[], schema: JsonSchema): FieldIssue[] {
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
      const forms = describeForms(Array.isArray(e.schema) ? e.schema : resolveSchemaPath(schema, e.schemaPath), schema);
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
function describeForms(node: unknown, root: JsonSchema): string | null {
  if (!Array.isArray(node)) return null;
  const parts = node.map((raw: Record<string, unknown>) => {
    const ref = raw['$ref'];
    const branch = typeof ref === 'string' && ref.startsWith('#') ? ((resolveSchemaPath(root, ref) as Record<string, unknown> | undefined) ?? raw) : raw;
    if (branch['type'] === 'string') return typeof branch['pattern'] === 'string' ? `a string matching ${branch['pattern']}` : 'a string';
    if (branch['type'] === 'integer') return 'an integer';
    if (branch['type'] === 'number') return 'a number';
    if (branch['type'] === 'boolean') return 'true/false';
    const required = branch['required'];
    if (branch['type'] === 'object' && Array.isArray(required) && required.length === 1) {
      return `{"${String(required[0])}": …}`;
    }
    return 'an allowed form';
  });
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')} or ${parts[parts.length - 1]}` : (parts[0] ?? null);
}

function resolveSchemaPath(schema: JsonSchema, schemaPath: string): unknown {
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
  return shippedValidator(name)(data);
}
