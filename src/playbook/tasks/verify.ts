/**
 * `verify`: assertions on variables, typically on the typed state a `status` task registered:
 *   { "verify": { "that": [
 *       "st.value.registration.status == 'registered'",
 *       { "path": "st.value.authorization.status", "equals": "authorized" },
 *       { "path": "st.value.authorization.status", "in": ["authorized", "out-of-compliance"] },
 *       { "path": "st.value.udi", "matches": "^PID:CBR-8" },
 *       { "path": "st.value.usage", "exists": true },
 *       { "path": "st.value.usage.length", "gte": 1 } ],
 *     "message": "device is not licensed" } }
 * Every assertion is checked (not only up to the first failure); the failure lists each one with the value found.
 * In check mode, after a task that would have changed the host, assertions that do not hold yet skip the task
 * (the device is not where a run would have brought it) instead of failing it.
 */
import { ExpressionError, VerifyError, type AssertionFailure, type FieldIssue } from '../../errors.js';
import { redactText, isSecret } from '../../secret.js';
import { deepEqual, isDeferred, parseExpression, parsePath } from '../expression.js';
import type { HostContext, TaskResult, TaskType } from '../task-type.js';

const COMPARATORS = ['gt', 'gte', 'lt', 'lte'] as const;
type Comparator = (typeof COMPARATORS)[number];

export interface PathAssertion {
  readonly path: string;
  readonly equals?: unknown;
  readonly notEquals?: unknown;
  readonly in?: readonly unknown[];
  readonly notIn?: readonly unknown[];
  readonly matches?: string;
  readonly exists?: boolean;
  readonly gt?: number | string;
  readonly gte?: number | string;
  readonly lt?: number | string;
  readonly lte?: number | string;
}

export interface VerifyParams {
  readonly that: readonly (string | PathAssertion)[];
  /** Prefixes the failure message. */
  readonly message?: string;
}

const comparable = { oneOf: [{ type: 'number' }, { type: 'string' }] };

const paramsSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['that'],
  properties: {
    that: {
      type: 'array',
      minItems: 1,
      items: {
        oneOf: [
          // Inline rather than a $ref to #/definitions/expression, so a mismatch is summarised as one oneOf issue.
          { description: 'An expression that must be true.', type: 'string', minLength: 1, maxLength: 2000 },
          {
            type: 'object',
            additionalProperties: false,
            required: ['path'],
            minProperties: 2,
            properties: {
              path: { $ref: '#/definitions/path' },
              equals: {},
              notEquals: {},
              in: { type: 'array' },
              notIn: { type: 'array' },
              matches: { type: 'string', minLength: 1 },
              exists: { type: 'boolean' },
              gt: comparable,
              gte: comparable,
              lt: comparable,
              lte: comparable,
            },
          },
        ],
      },
    },
    message: { type: 'string', minLength: 1 },
  },
};

/** The value as the failure message shows it: JSON, secrets as ***, secret values scrubbed. */
function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (isSecret(value)) return '***';
  return redactText(JSON.stringify(value) ?? String(value));
}

function describeAssertion(a: PathAssertion): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(a)) if (key !== 'path') parts.push(`${key} ${show(value)}`);
  return `${a.path} ${parts.join(', ')}`;
}

function compareWith(op: Comparator, actual: unknown, bound: number | string): boolean {
  if (typeof actual !== typeof bound || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
  const a = actual as number | string;
  return op === 'gt' ? a > bound : op === 'gte' ? a >= bound : op === 'lt' ? a < bound : a <= bound;
}

function holds(a: PathAssertion, actual: unknown): boolean {
  if (isSecret(actual) && Object.keys(a).some((k) => k !== 'path' && k !== 'exists')) return false;
  if (a.exists !== undefined && (actual !== undefined) !== a.exists) return false;
  if ('equals' in a && !deepEqual(actual, a.equals)) return false;
  if ('notEquals' in a && deepEqual(actual, a.notEquals)) return false;
  if (a.in !== undefined && (actual === undefined || !a.in.some((v) => deepEqual(actual, v)))) return false;
  if (a.notIn !== undefined && actual !== undefined && a.notIn.some((v) => deepEqual(actual, v))) return false;
  if (a.matches !== undefined && (typeof actual !== 'string' || !new RegExp(a.matches).test(actual))) return false;
  for (const op of COMPARATORS) {
    const bound = a[op];
    if (bound !== undefined && !compareWith(op, actual, bound)) return false;
  }
  return true;
}

function check(assertion: string | PathAssertion, ctx: HostContext): AssertionFailure | null {
  if (typeof assertion === 'string') {
    const parsed = parseExpression(assertion);
    if (!parsed.ok) return { assertion, actual: `error: ${parsed.error}` };
    try {
      const value = ctx.vars.evaluate(parsed.expr, assertion);
      if (value === true) return null;
      return { assertion, actual: typeof value === 'boolean' ? 'false' : `error: not true or false but ${show(value)}` };
    } catch (error) {
      if (error instanceof ExpressionError) return { assertion, actual: `error: ${error.reason}` };
      throw error;
    }
  }
  const path = parsePath(assertion.path);
  if (!path.ok) return { assertion: describeAssertion(assertion), actual: `error: ${path.error}` };
  const actual = ctx.vars.evaluate(path.path, assertion.path);
  return holds(assertion, actual) ? null : { assertion: describeAssertion(assertion), actual: show(actual) };
}

export const verifyTask: TaskType<VerifyParams> = {
  name: 'verify',
  description:
    'Assert facts about variables (registered results, typed state): expressions, or {path, equals | notEquals | in | notIn | matches | exists | gt | gte | lt | lte}. Fails with E_VERIFY_FAILED listing every failed assertion.',
  paramsSchema,
  supportsCheck: true,
  expressionFields: ['/that/*', '/that/*/path'],
  validate(params, ctx) {
    const issues: FieldIssue[] = [];
    if (isDeferred(params) || !Array.isArray(params.that)) return issues;
    params.that.forEach((assertion, i) => {
      if (typeof assertion === 'string') {
        issues.push(...ctx.checkExpression(assertion, `/that/${i}`));
        return;
      }
      if (assertion === null || typeof assertion !== 'object' || isDeferred(assertion)) return;
      if (typeof assertion.path === 'string') issues.push(...ctx.checkPath(assertion.path, `/that/${i}/path`));
      if (typeof assertion.matches === 'string') {
        try {
          new RegExp(assertion.matches);
        } catch (error) {
          issues.push({ pointer: `/that/${i}/matches`, message: `invalid regular expression: ${(error as Error).message}` });
        }
      }
    });
    return issues;
  },
  async run(params, ctx): Promise<TaskResult> {
    const failures = params.that.map((a) => check(a, ctx)).filter((f): f is AssertionFailure => f !== null);
    if (failures.length > 0 && ctx.check && ctx.hostChanged) {
      return { changed: false, skipped: `check mode: ${failures.length} of ${params.that.length} assertion(s) do not hold yet; earlier tasks would change the device first` };
    }
    if (failures.length > 0) throw new VerifyError(failures, params.that.length, params.message, { host: ctx.host });
    return { changed: false, value: { passed: params.that.length }, detail: `${params.that.length} assertion(s) passed` };
  },
};
