/**
 * The playbook JSON Schema, built from the task registry: the document and task envelope are fixed, each task
 * type adds its `paramsSchema` under `definitions.params`. `schemas/playbook.schema.json` is this schema for the
 * built-in registry (a test keeps the shipped file equal to it; `UPDATE_GOLDEN=1` rewrites it).
 */
import type { ErrorObject } from 'ajv';
import { SchemaCompiler, type JsonSchema, type SchemaValidator } from '../schema/validate.js';
import type { TaskRegistry } from './task-registry.js';

export const PLAYBOOK_SCHEMA_ID = 'https://smartlic.dev/schemas/playbook.schema.json';

/** Fields a task has besides its one task-type key. */
export const TASK_FIELDS: readonly string[] = ['name', 'when', 'registerAs', 'ignoreErrors', 'tags'];

const VAR_NAME = '^[A-Za-z_][A-Za-z0-9_]*$';

const SHARED_DEFINITIONS: Readonly<Record<string, JsonSchema>> = {
  varName: {
    description: 'A variable name: letters, digits and "_", not starting with a digit.',
    type: 'string',
    pattern: VAR_NAME,
  },
  vars: {
    description:
      'Variables by name. Values may hold {{ templates }} (rendered when read) and secret references ({"$env": VAR} or {"$file": PATH}).',
    type: 'object',
    propertyNames: { $ref: '#/definitions/varName' },
  },
  secretRef: {
    description:
      'A secret given by reference, never inline: {"$env": "VAR"} reads an environment variable, {"$file": "path"} a file (relative to the playbook). Reports print it as ***.',
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['$env'],
        properties: { $env: { type: 'string', pattern: VAR_NAME } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['$file'],
        properties: { $file: { type: 'string', minLength: 1 } },
      },
    ],
  },
  duration: {
    description: 'A duration: milliseconds as an integer, or a string such as "500ms", "30s", "5m", "2h", "1d".',
    oneOf: [
      { type: 'integer', minimum: 0 },
      { type: 'string', pattern: '^[0-9]+(ms|s|m|h|d)$' },
    ],
  },
  expression: {
    description:
      'An expression: comparisons (== != < <= > >=), in / not in, matches "regex", is [not] defined, and / or / not, parentheses, variable paths (a.b[0]) and literals (\'text\', 42, true, null, [lists]).',
    type: 'string',
    minLength: 1,
    maxLength: 2000,
  },
  path: {
    description: 'A variable path such as "status.value.authorization.status" or "hosts_seen[0]".',
    type: 'string',
    minLength: 1,
    maxLength: 500,
  },
};

function taskCallSchema(names: readonly string[]): JsonSchema {
  return {
    description: 'A task written inline as {"<type>": params}, with exactly one task type.',
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    additionalProperties: false,
    properties: Object.fromEntries(names.map((n) => [n, { $ref: `#/definitions/params/${n}` }])),
  };
}

function taskSchema(names: readonly string[]): JsonSchema {
  return {
    description:
      'One step: exactly one task-type key holding its parameters, plus optional name, when, registerAs, ignoreErrors and tags. Strings in the parameters may hold {{ templates }}.',
    type: 'object',
    additionalProperties: false,
    properties: {
      name: { description: 'What the step does, shown in progress and reports.', type: 'string', minLength: 1, maxLength: 200 },
      when: { description: 'Run the step on a host only when this expression is true.', $ref: '#/definitions/expression' },
      registerAs: {
        description:
          'Store the outcome in this variable for later steps: {status, changed, failed, skipped, value, detail, error}.',
        $ref: '#/definitions/varName',
      },
      ignoreErrors: { description: 'A failure of this step does not stop the host.', type: 'boolean' },
      tags: {
        description: 'Labels for --tags / --skip-tags.',
        type: 'array',
        items: { type: 'string', pattern: '^[A-Za-z0-9_.-]+$' },
        uniqueItems: true,
      },
      ...Object.fromEntries(names.map((n) => [n, { $ref: `#/definitions/params/${n}` }])),
    },
    oneOf: names.map((n) => ({ required: [n] })),
  };
}

/** The playbook schema for the task types of `registry`. */
export function buildPlaybookSchema(registry: TaskRegistry): JsonSchema {
  const names = registry.names();
  const params: Record<string, JsonSchema> = {};
  for (const name of names) {
    const definition = registry.get(name);
    if (definition !== undefined) params[name] = { description: definition.description, ...definition.paramsSchema };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: PLAYBOOK_SCHEMA_ID,
    title: 'smartlic playbook',
    description:
      'A playbook selects hosts of an inventory and runs tasks on them in order: batch by batch (serial), each task on every host of the batch before the next. Everything is validated before anything is sent to a device.',
    type: 'object',
    additionalProperties: false,
    required: ['name', 'hosts', 'tasks'],
    properties: {
      $schema: { description: 'The schema this file follows, for editors.', type: 'string' },
      name: { description: 'What the playbook does.', type: 'string', minLength: 1, maxLength: 200 },
      description: { type: 'string' },
      hosts: {
        description:
          'Which inventory hosts: an Ansible-style pattern of host names, group names, globs (cbr8-*) and ~regex, joined with "," ("!x" excludes, "&x" intersects); "all" for every host.',
        type: 'string',
        minLength: 1,
      },
      vars: { $ref: '#/definitions/vars' },
      serial: {
        description: 'Batch size: hosts per batch (an integer) or a share of the selected hosts ("25%"). Default: all at once.',
        oneOf: [
          { type: 'integer', minimum: 1 },
          { type: 'string', pattern: '^([1-9][0-9]?|100)%$' },
        ],
      },
      maxFailPercentage: {
        description: 'Stop before the next batch when more than this share of a batch failed (0 = any failure stops).',
        type: 'number',
        minimum: 0,
        maximum: 100,
      },
      check: { description: 'Always run in check mode: tasks report what they would change and change nothing.', type: 'boolean' },
      tasks: { type: 'array', minItems: 1, items: { $ref: '#/definitions/task' } },
    },
    definitions: {
      ...SHARED_DEFINITIONS,
      task: taskSchema(names),
      taskCall: taskCallSchema(names),
      params,
    },
  };
}

export interface CompiledPlaybookSchema {
  readonly schema: JsonSchema;
  /** The whole document; the task envelope's "one task type" rule is left to the caller's clearer message. */
  readonly validateDocument: SchemaValidator;
  /** One task type's parameters. */
  validateParams(type: string): SchemaValidator;
}

const compiledCache = new WeakMap<TaskRegistry, Map<string, CompiledPlaybookSchema>>();

/** Task-envelope errors the loader reports itself (exactly one task type, unknown keys with a suggestion). */
function envelopeErrors(schema: JsonSchema): (error: ErrorObject) => boolean {
  const task = (schema['definitions'] as Record<string, JsonSchema>)['task'] as JsonSchema;
  const branches = task['oneOf'] as readonly unknown[];
  return (error) =>
    (error.parentSchema === task && (error.keyword === 'oneOf' || error.keyword === 'additionalProperties')) ||
    branches.includes(error.parentSchema);
}

/** The playbook schema of `registry`, compiled (cached per registry version and search directories). */
export function compilePlaybookSchema(registry: TaskRegistry, searchDirs: readonly string[] = []): CompiledPlaybookSchema {
  let byKey = compiledCache.get(registry);
  if (byKey === undefined) {
    byKey = new Map();
    compiledCache.set(registry, byKey);
  }
  const key = `${registry.version}\u0000${searchDirs.join('\u0000')}`;
  const cached = byKey.get(key);
  if (cached !== undefined) return cached;
  const schema = buildPlaybookSchema(registry);
  const compiler = new SchemaCompiler({ searchDirs });
  const params = new Map<string, SchemaValidator>();
  const compiled: CompiledPlaybookSchema = {
    schema,
    validateDocument: compiler.validatorFor(schema, '', envelopeErrors(schema)),
    validateParams(type) {
      let fn = params.get(type);
      if (fn === undefined) {
        fn = compiler.validatorFor(schema, `/definitions/params/${type}`);
        params.set(type, fn);
      }
      return fn;
    },
  };
  byKey.set(key, compiled);
  return compiled;
}
