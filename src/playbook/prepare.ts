/**
 * Loading and validating a playbook: everything that can be wrong is found before anything is sent, and every
 * problem is reported at once, as `PlaybookError`s (one per code and file) whose issues carry JSON pointers:
 *
 * - the document against the playbook schema (with the registry's task types) — each mistake names its pointer
 *   and what was expected; a task has exactly one known task type;
 * - `hosts` and `--limit` against the inventory (a pattern that matches nothing is an error);
 * - secrets: every `{"$env"}` / `{"$file"}` of the playbook, of the selected hosts' connection settings and of
 *   their inventory variables resolves (E_SECRET_MISSING otherwise);
 * - `when` expressions and `{{ templates }}` parse; per selected host, templates render (undefined variables,
 *   cycles), and a variable a `when` reads must exist for at least one host; a variable registered by a task is
 *   usable only by later tasks (checked statically);
 * - per host, each task's rendered parameters against its schema and the task type's own checks;
 * - for a run, every task type used has a runner.
 *
 * Values that read a registered result are only known at run time: they are checked when the task runs.
 */
import { readFile } from 'node:fs/promises';
import { dirname, extname, isAbsolute, resolve } from 'node:path';
import { ExpressionError, PlaybookError, type FieldIssue } from '../errors.js';
import { resolveSecretRef, type LoadedInventory, type ResolvedHost } from '../inventory/load.js';
import type { InventoryHost } from '../inventory/types.js';
import { parseStructuredText } from '../schema/structured-text.js';
import { escapePointer } from '../schema/validate.js';
import { isSecret } from '../secret.js';
import type { PlaybookDocument, PreparedTask } from './document.js';
import {
  DEFERRED,
  evaluateExpression,
  expressionPaths,
  isDeferred,
  parseExpression,
  parsePath,
  readPath,
  type Expr,
  type RootLookup,
} from './expression.js';
import { compilePlaybookSchema, TASK_FIELDS, type CompiledPlaybookSchema } from './schema.js';
import { resolveSecretRefs, type SecretResolver } from './secret-refs.js';
import { RESERVED_NAMES, VarScope, type VarLayer } from './scope.js';
import type { TaskRegistry } from './task-registry.js';
import type { TaskCheckContext, TaskDefinition } from './task-type.js';
import { collectTemplates, literalFields } from './template.js';

export interface PrepareOptions {
  readonly registry: TaskRegistry;
  /** The inventory the playbook runs against. Without one (validate only), host-specific checks are skipped. */
  readonly inventory?: LoadedInventory;
  /** Narrows the playbook's hosts further (an Ansible-style pattern, like `--limit`). */
  readonly limit?: string;
  readonly check?: boolean;
  readonly diff?: boolean;
  /** Where `$env` references are read; defaults to `process.env`. */
  readonly env?: NodeJS.ProcessEnv;
  /** Base for `$file` references; defaults to the playbook file's directory. */
  readonly baseDir?: string;
  /** Searched before the package's schemas/ for schema files the task schemas reference by name. */
  readonly schemaDirs?: readonly string[];
}

export interface PreparedHost {
  readonly host: ResolvedHost;
  /** Variable layers, lowest precedence first (secrets resolved, templates not rendered). */
  readonly layers: readonly VarLayer[];
  readonly facts: Readonly<Record<string, unknown>>;
}

/** A playbook that passed every check against an inventory: the only thing the engine runs. */
export interface PreparedPlaybook {
  readonly file: string;
  readonly name: string;
  readonly registry: TaskRegistry;
  readonly inventory: LoadedInventory;
  readonly hosts: readonly PreparedHost[];
  /** Host names per batch, in inventory order. */
  readonly batches: readonly (readonly string[])[];
  readonly tasks: readonly PreparedTask[];
  readonly check: boolean;
  readonly diff: boolean;
  readonly maxFailPercentage?: number;
  /**
   * Checks parameters rendered at run time (tasks whose values read registered results): schema and task
   * checks; pointers are absolute in the playbook.
   */
  checkRenderedParams(task: PreparedTask, params: unknown, scope: VarScope, host: ResolvedHost): FieldIssue[];
}

export type PrepareResult =
  | { readonly ok: true; readonly playbook: PreparedPlaybook }
  | { readonly ok: false; readonly errors: readonly PlaybookError[] };

export interface PlaybookSource {
  readonly document: unknown;
  /** The file name, as given (used in messages). */
  readonly file: string;
  readonly baseDir: string;
}

function syntaxMessage(error: unknown, text: string): string {
  const message = error instanceof Error ? (error.message.split('\n')[0] as string) : String(error);
  const m = /at position (\d+)/.exec(message);
  if (m === null || /line \d+/.test(message)) return message;
  const before = text.slice(0, Number(m[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${message} (line ${line} column ${column})`;
}

/** Reads a playbook file (JSON, or YAML for .yaml / .yml); an unreadable or unparseable file is an E_PLAYBOOK. */
export async function readPlaybook(file: string, cwd: string = process.cwd()): Promise<PlaybookSource> {
  const path = isAbsolute(file) ? file : resolve(cwd, file);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new PlaybookError('E_PLAYBOOK', file, [{ pointer: '', message: `cannot read playbook (${reason})` }]);
  }
  const yaml = ['.yaml', '.yml'].includes(extname(file).toLowerCase());
  try {
    return { document: parseStructuredText(text, yaml ? 'yaml' : 'json'), file, baseDir: dirname(path) };
  } catch (error) {
    throw new PlaybookError('E_PLAYBOOK', file, [{ pointer: '', message: `not valid ${yaml ? 'YAML' : 'JSON'}: ${syntaxMessage(error, text)}` }]);
  }
}

// ---------------------------------------------------------------- issue collection

type IssueCode = PlaybookError['code'];

interface CollectedIssue {
  readonly pointer: string;
  readonly message: string;
  /** Hosts it was found for; null when it does not depend on the host. */
  hosts: Set<string> | null;
  /** Reported only when every host has it (a variable a `when` reads that no host defines). */
  readonly soft: boolean;
}

class IssueCollector {
  readonly #groups = new Map<string, { code: IssueCode; file: string; issues: Map<string, CollectedIssue> }>();

  add(code: IssueCode, file: string, issue: FieldIssue, host?: string, soft = false): void {
    const groupKey = `${code}\u0000${file}`;
    let group = this.#groups.get(groupKey);
    if (group === undefined) {
      group = { code, file, issues: new Map() };
      this.#groups.set(groupKey, group);
    }
    const key = `${issue.pointer}\u0000${issue.message}`;
    const known = group.issues.get(key);
    if (known === undefined) {
      group.issues.set(key, { pointer: issue.pointer, message: issue.message, hosts: host === undefined ? null : new Set([host]), soft });
    } else if (known.hosts !== null) {
      if (host === undefined) known.hosts = null;
      else known.hosts.add(host);
    }
  }

  errors(hostCount: number): PlaybookError[] {
    const out: PlaybookError[] = [];
    for (const group of this.#groups.values()) {
      const issues: FieldIssue[] = [];
      for (const issue of group.issues.values()) {
        const hosts = issue.hosts === null ? [] : [...issue.hosts];
        if (issue.soft && issue.hosts !== null && hosts.length < hostCount) continue;
        issues.push({ pointer: issue.pointer, message: issue.message + hostSuffix(hosts, hostCount) });
      }
      issues.sort((a, b) => comparePointers(a.pointer, b.pointer));
      if (issues.length > 0) out.push(new PlaybookError(group.code, group.file, issues));
    }
    return out;
  }
}

/** Document order: top-level fields, then task by task (`/tasks/2` before `/tasks/10`); stable otherwise. */
function comparePointers(a: string, b: string): number {
  const taskIndex = (p: string): number => Number(/^\/tasks\/(\d+)/.exec(p)?.[1] ?? -1);
  return taskIndex(a) - taskIndex(b);
}

function hostSuffix(hosts: readonly string[], hostCount: number): string {
  if (hosts.length === 0 || hosts.length >= hostCount) return '';
  const shown = hosts.slice(0, 3).join(', ');
  const more = hosts.length > 3 ? ` and ${hosts.length - 3} more` : '';
  return ` (${hosts.length === 1 ? 'host' : 'hosts'} ${shown}${more})`;
}

// ---------------------------------------------------------------- helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isSecret(value);
}

function within(pointer: string, prefix: string): boolean {
  return pointer === prefix || pointer.startsWith(`${prefix}/`);
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1]?.toLowerCase() === b[j - 1]?.toLowerCase() ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

function suggestion(word: string, candidates: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best === undefined ? '' : ` (did you mean "${best}"?)`;
}

/** Secrets and run-time values replaced by stand-ins the schema accepts, so rendered values can be schema-checked. */
function schemaView(value: unknown): unknown {
  if (isSecret(value)) return { $env: 'SECRET' };
  if (isDeferred(value)) return null;
  if (Array.isArray(value)) return value.map(schemaView);
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, schemaView(v)]));
  return value;
}

function withPrefix(prefix: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((i) => ({ pointer: `${prefix}${i.pointer}`, message: i.message }));
}

function localLookup(lookup: RootLookup, locals: readonly string[]): RootLookup {
  return (root) => (locals.includes(root) ? { found: true, value: DEFERRED } : lookup(root));
}

function batchesOf(names: readonly string[], serial: number | string | undefined): string[][] {
  if (names.length === 0) return [];
  let size = names.length;
  if (typeof serial === 'number') size = serial;
  else if (typeof serial === 'string') size = Math.max(1, Math.ceil((names.length * Number(serial.slice(0, -1))) / 100));
  const out: string[][] = [];
  for (let i = 0; i < names.length; i += size) out.push(names.slice(i, i + size));
  return out;
}

export function hostFacts(host: ResolvedHost): Record<string, unknown> {
  return {
    name: host.name,
    address: host.host,
    port: host.port,
    netconfPort: host.netconfPort,
    ...(host.platform === undefined ? {} : { platform: host.platform }),
    ...(host.model === undefined ? {} : { model: host.model }),
    groups: [...host.groups],
    transport: host.transport,
  };
}

// ---------------------------------------------------------------- analysis

interface TaskDraft {
  readonly index: number;
  readonly pointer: string;
  readonly paramsPointer: string;
  readonly type: string;
  readonly definition: TaskDefinition;
  params: unknown;
  readonly document: Record<string, unknown>;
  when?: { source: string; expr: Expr };
  readonly templated: boolean;
  /** Variables the task defines (registerAs, setVars). */
  readonly defines: readonly string[];
}

interface Analysis {
  readonly errors: PlaybookError[];
  readonly plan?: PreparedPlaybook;
}

function analyse(source: PlaybookSource, options: PrepareOptions, forRun: boolean): Analysis {
  const { registry, inventory } = options;
  const { file } = source;
  const collector = new IssueCollector();
  const playbookIssue = (issue: FieldIssue, host?: string, soft = false): void => collector.add('E_PLAYBOOK', file, issue, host, soft);
  const env = options.env ?? process.env;
  const baseDir = options.baseDir ?? source.baseDir;
  const compiled: CompiledPlaybookSchema = compilePlaybookSchema(registry, options.schemaDirs);
  const doc = source.document;
  const typeNames = registry.names();

  // 1. The document against the schema. Parameters holding templates are checked per host once rendered.
  const templatedTasks = new Set<number>();
  if (isRecord(doc) && Array.isArray(doc['tasks'])) {
    doc['tasks'].forEach((task, i) => {
      if (!isRecord(task)) return;
      for (const key of Object.keys(task)) {
        const literal = literalFields(`/tasks/${i}/${escapePointer(key)}`, registry.get(key)?.expressionFields);
        if (registry.get(key) !== undefined && collectTemplates(task[key], `/tasks/${i}/${escapePointer(key)}`, literal).length > 0) templatedTasks.add(i);
      }
    });
  }
  const schemaFailed = new Set<number>();
  for (const issue of compiled.validateDocument(doc)) {
    const m = /^\/tasks\/(\d+)\/([^/]+)/.exec(issue.pointer);
    if (m !== null && registry.get(m[2] as string) !== undefined) {
      if (templatedTasks.has(Number(m[1]))) continue;
      schemaFailed.add(Number(m[1]));
    }
    playbookIssue(issue);
  }
  if (!isRecord(doc)) return { errors: collector.errors(0) };

  // 2. Task envelopes: exactly one known task type, when / register / options.
  const drafts: TaskDraft[] = [];
  const secretCtx: SecretResolver = (ref, pointer) => resolveSecretRef(ref, { env, baseDir, file }, pointer);
  const rawTasks = Array.isArray(doc['tasks']) ? doc['tasks'] : [];
  rawTasks.forEach((task, index) => {
    if (!isRecord(task)) return;
    const pointer = `/tasks/${index}`;
    const keys = Object.keys(task);
    const types = keys.filter((k) => registry.get(k) !== undefined);
    for (const key of keys) {
      if (TASK_FIELDS.includes(key) || registry.get(key) !== undefined) continue;
      playbookIssue({
        pointer: `${pointer}/${escapePointer(key)}`,
        message: `unknown task type or field "${key}"${suggestion(key, [...typeNames, ...TASK_FIELDS])}; task types: ${typeNames.join(', ')}`,
      });
    }
    if (types.length === 0) {
      if (keys.every((k) => TASK_FIELDS.includes(k))) playbookIssue({ pointer, message: `has no task type; use one of: ${typeNames.join(', ')}` });
      return;
    }
    if (types.length > 1) {
      playbookIssue({ pointer, message: `has ${types.length} task types (${types.join(', ')}); a task has exactly one` });
      return;
    }
    const type = types[0] as string;
    const definition = registry.get(type) as TaskDefinition;
    const paramsPointer = `${pointer}/${escapePointer(type)}`;
    const secrets = resolveSecretRefs(task[type], paramsPointer, secretCtx);
    for (const issue of secrets.missing) collector.add('E_SECRET_MISSING', file, issue);
    for (const issue of secrets.malformed) playbookIssue(issue);
    const register = typeof task['registerAs'] === 'string' ? task['registerAs'] : undefined;
    if (register !== undefined && RESERVED_NAMES.includes(register)) {
      playbookIssue({ pointer: `${pointer}/registerAs`, message: `"${register}" is reserved (${RESERVED_NAMES.join(', ')})` });
    }
    const draft: TaskDraft = {
      index,
      pointer,
      paramsPointer,
      type,
      definition,
      params: secrets.value,
      document: task,
      templated: templatedTasks.has(index),
      defines: [...(register === undefined ? [] : [register]), ...(definition.definesVars?.(secrets.value as never) ?? [])],
    };
    if (typeof task['when'] === 'string') {
      const parsed = parseExpression(task['when']);
      if (parsed.ok) draft.when = { source: task['when'], expr: parsed.expr };
      else playbookIssue({ pointer: `${pointer}/when`, message: parsed.error });
    }
    const literal = literalFields(paramsPointer, definition.expressionFields);
    for (const t of collectTemplates(secrets.value, paramsPointer, literal)) if (!t.parsed.ok) playbookIssue({ pointer: t.pointer, message: t.parsed.error });
    for (const t of collectTemplates(secrets.value, paramsPointer)) {
      if (literal(t.pointer)) {
        playbookIssue({ pointer: t.pointer, message: 'is an expression: use variables in it directly (st.value.status), not {{ templates }}' });
        schemaFailed.add(index);
      }
    }
    if (forRun && registry.runnerOf(type) === undefined) {
      playbookIssue({
        pointer: paramsPointer,
        message: `task type "${type}" has no runner in this build (its parameters are valid, but it cannot run yet)`,
      });
    }
    drafts.push(draft);
  });

  // 3. Playbook variables.
  const rawVars = isRecord(doc['vars']) ? doc['vars'] : {};
  const varSecrets = resolveSecretRefs(rawVars, '/vars', secretCtx);
  for (const issue of varSecrets.missing) collector.add('E_SECRET_MISSING', file, issue);
  for (const issue of varSecrets.malformed) playbookIssue(issue);
  const playbookVars = varSecrets.value as Record<string, unknown>;
  for (const name of Object.keys(rawVars)) {
    if (RESERVED_NAMES.includes(name)) playbookIssue({ pointer: `/vars/${escapePointer(name)}`, message: `"${name}" is reserved (${RESERVED_NAMES.join(', ')})` });
  }
  for (const t of collectTemplates(rawVars, '/vars')) if (!t.parsed.ok) playbookIssue({ pointer: t.pointer, message: t.parsed.error });

  // 4. Hosts: the pattern, --limit, connection secrets, inventory variables.
  const check = options.check === true || doc['check'] === true;
  const diff = options.diff === true;
  const playbookFacts = { name: typeof doc['name'] === 'string' ? doc['name'] : '', file, check, diff };
  const prepared: PreparedHost[] = [];
  let selected: string[] = [];
  if (inventory !== undefined) {
    const select = (pattern: string): string[] | FieldIssue => {
      try {
        return inventory.select(pattern);
      } catch (error) {
        if (error instanceof PlaybookError) return error.issues[0] ?? { pointer: '', message: error.message };
        throw error;
      }
    };
    const hostsPattern = typeof doc['hosts'] === 'string' ? doc['hosts'] : undefined;
    const fromHosts = hostsPattern === undefined ? [] : select(hostsPattern);
    if (!Array.isArray(fromHosts)) playbookIssue({ pointer: '/hosts', message: `${fromHosts.message} in inventory ${inventory.file}` });
    let fromLimit: string[] | FieldIssue | undefined;
    if (options.limit !== undefined) {
      fromLimit = select(options.limit);
      if (!Array.isArray(fromLimit)) collector.add('E_INVENTORY', inventory.file, { pointer: '', message: `--limit ${JSON.stringify(options.limit)}: ${fromLimit.message}` });
    }
    if (Array.isArray(fromHosts) && (fromLimit === undefined || Array.isArray(fromLimit))) {
      const limited = fromLimit;
      selected = limited === undefined ? fromHosts : fromHosts.filter((h) => limited.includes(h));
      if (hostsPattern !== undefined && selected.length === 0) {
        playbookIssue({ pointer: '/hosts', message: `no host matches both "${hostsPattern}" and --limit ${JSON.stringify(options.limit)}` });
      }
    }
    prepared.push(...prepareHosts(inventory, selected, playbookVars, playbookFacts, collector));
  }

  // 5. Per host (or once, without an inventory): conditions, templates, parameters, task checks.
  const registeredAt = new Map<string, TaskDraft>();
  for (const draft of drafts) for (const name of draft.defines) if (!registeredAt.has(name)) registeredAt.set(name, draft);
  // Without an inventory, or when no host could be selected, one pass without a host still checks the tasks.
  const hostless = prepared.length === 0;
  const passes: { host: ResolvedHost | undefined; layers: readonly VarLayer[]; facts: Readonly<Record<string, unknown>> }[] = hostless
    ? [{ host: undefined, layers: [{ origin: 'playbook vars', vars: playbookVars }], facts: { host: DEFERRED, playbook: playbookFacts } }]
    : prepared;
  for (const pass of passes) {
    const hostName = pass.host?.name;
    let current = 0;
    const scope = new VarScope(pass.layers, pass.facts, {
      unknownIsDeferred: hostless,
      explainMissing: (name) => {
        const by = registeredAt.get(name);
        if (by === undefined) return undefined;
        const label = typeof by.document['name'] === 'string' ? ` ("${by.document['name']}")` : '';
        return by.index === current
          ? `"${name}" is registered by this task; it is defined only for later tasks`
          : `"${name}" is registered by task ${by.index}${label}, which runs after this one`;
      },
    });
    const checkExpression = (sourceText: string, pointer: string, lookup: RootLookup): FieldIssue[] => {
      const parsed = parseExpression(sourceText);
      if (!parsed.ok) return [{ pointer, message: parsed.error }];
      return checkParsed(parsed.expr, sourceText, pointer, lookup);
    };
    const checkParsed = (expr: Expr, sourceText: string, pointer: string, lookup: RootLookup): FieldIssue[] => {
      try {
        evaluateExpression(expr, lookup, sourceText);
      } catch (error) {
        if (error instanceof ExpressionError) return [{ pointer, message: error.reason }];
        throw error;
      }
      for (const use of expressionPaths(expr)) {
        if (use.guarded || readPath(use.path, lookup) !== undefined) continue;
        const root = lookup(use.path.root);
        const why = root.found ? `"${use.path.text}" is not defined` : ((root as { why?: string }).why ?? `"${use.path.root}" is not defined`);
        // Defined for some hosts only is fine (a group variable); defined for none is a typo.
        playbookIssue({ pointer, message: `${why}${hostName === undefined ? '' : ' for any host'}` }, hostName, true);
      }
      return [];
    };
    const contextFor = (base: string): TaskCheckContext => ({
      host: pass.host,
      inventory,
      checkExpression: (text, pointer, locals = []) => checkExpression(text, `${base}${pointer}`, localLookup(scope.lookup, locals)).map((i) => ({ pointer: i.pointer.slice(base.length), message: i.message })),
      checkPath: (text, pointer, locals = []) => {
        const parsed = parsePath(text);
        if (!parsed.ok) return [{ pointer, message: parsed.error }];
        return checkParsed(parsed.path, text, `${base}${pointer}`, localLookup(scope.lookup, locals)).map((i) => ({ pointer: i.pointer.slice(base.length), message: i.message }));
      },
      checkTask: (call, pointer) => checkCall(call, `${base}${pointer}`).map((i) => ({ pointer: i.pointer.slice(base.length), message: i.message })),
    });
    const checkCall = (call: unknown, pointer: string): FieldIssue[] => {
      if (!isRecord(call) || Object.keys(call).length !== 1) return [];
      const [type, params] = Object.entries(call)[0] as [string, unknown];
      const definition = registry.get(type);
      if (definition === undefined) return [];
      const at = `${pointer}/${escapePointer(type)}`;
      const issues: FieldIssue[] = [];
      if (forRun && registry.runnerOf(type) === undefined) issues.push({ pointer: at, message: `task type "${type}" has no runner in this build` });
      if (definition.validate !== undefined && compiled.validateParams(type)(schemaView(params)).length === 0) {
        issues.push(...withPrefix(at, definition.validate(params as never, contextFor(at))));
      }
      return issues;
    };

    for (const draft of drafts) {
      current = draft.index;
      if (draft.when !== undefined) {
        for (const issue of checkParsed(draft.when.expr, draft.when.source, `${draft.pointer}/when`, scope.lookup)) playbookIssue(issue, hostName);
      }
      const rendered = scope.render(draft.params, draft.paramsPointer, literalFields(draft.paramsPointer, draft.definition.expressionFields));
      for (const issue of rendered.issues) playbookIssue(issue, hostName);
      const unknown = [...rendered.deferred, ...rendered.issues.map((i) => i.pointer)];
      let schemaOk = !schemaFailed.has(draft.index);
      if (draft.templated) {
        const issues = withPrefix(draft.paramsPointer, compiled.validateParams(draft.type)(schemaView(rendered.value))).filter(
          (i) => !unknown.some((p) => within(i.pointer, p) || within(p, i.pointer)),
        );
        for (const issue of issues) playbookIssue(issue, hostName);
        schemaOk &&= issues.length === 0;
      }
      if (schemaOk && unknown.length === 0 && draft.definition.validate !== undefined) {
        for (const issue of withPrefix(draft.paramsPointer, draft.definition.validate(rendered.value as never, contextFor(draft.paramsPointer)))) {
          playbookIssue(issue, hostName);
        }
      }
      for (const name of draft.defines) scope.set(name, DEFERRED);
    }
  }

  const errors = collector.errors(hostless ? 1 : prepared.length);
  if (errors.length > 0 || inventory === undefined) return { errors };

  const plan: PreparedPlaybook = {
    file,
    name: doc['name'] as string,
    registry,
    inventory,
    hosts: prepared,
    batches: batchesOf(prepared.map((h) => h.host.name), doc['serial'] as number | string | undefined),
    tasks: drafts.map((d) => ({
      index: d.index,
      pointer: d.pointer,
      name: typeof d.document['name'] === 'string' ? d.document['name'] : d.type,
      type: d.type,
      params: d.params,
      ...(d.when === undefined ? {} : { when: d.when }),
      ...(typeof d.document['registerAs'] === 'string' ? { registerAs: d.document['registerAs'] } : {}),
      ignoreErrors: d.document['ignoreErrors'] === true,
      tags: Array.isArray(d.document['tags']) ? (d.document['tags'] as string[]) : [],
      templated: d.templated,
    })),
    check,
    diff,
    ...(typeof doc['maxFailPercentage'] === 'number' ? { maxFailPercentage: doc['maxFailPercentage'] } : {}),
    checkRenderedParams(task, params, scope, host) {
      const base = `${task.pointer}/${escapePointer(task.type)}`;
      const schemaIssues = withPrefix(base, compiled.validateParams(task.type)(schemaView(params)));
      if (schemaIssues.length > 0) return schemaIssues;
      const definition = registry.get(task.type);
      if (definition?.validate === undefined) return [];
      const runtimeContext = (): TaskCheckContext => ({
        host,
        inventory,
        checkExpression: (text, pointer, locals = []) => {
          const parsed = parseExpression(text);
          if (!parsed.ok) return [{ pointer, message: parsed.error }];
          try {
            evaluateExpression(parsed.expr, localLookup(scope.lookup, locals), text);
            return [];
          } catch (error) {
            if (error instanceof ExpressionError) return [{ pointer, message: error.reason }];
            throw error;
          }
        },
        checkPath: (text, pointer) => {
          const parsed = parsePath(text);
          return parsed.ok ? [] : [{ pointer, message: parsed.error }];
        },
        checkTask: (call, pointer) => {
          if (!isRecord(call) || Object.keys(call).length !== 1) return [];
          const [type, nested] = Object.entries(call)[0] as [string, unknown];
          const def = registry.get(type);
          if (def?.validate === undefined) return [];
          const inner = `${pointer}/${escapePointer(type)}`;
          return withPrefix(inner, def.validate(nested as never, runtimeContext()));
        },
      });
      return withPrefix(base, definition.validate(params as never, runtimeContext()));
    },
  };
  return { errors, plan };
}

function prepareHosts(
  inventory: LoadedInventory,
  names: readonly string[],
  playbookVars: Readonly<Record<string, unknown>>,
  playbookFacts: Readonly<Record<string, unknown>>,
  collector: IssueCollector,
): PreparedHost[] {
  const raw = inventory.raw;
  const invFile = inventory.file;
  const secretCtx: SecretResolver = (ref, pointer) => inventory.resolveSecret(ref, pointer);
  const resolvedLayers = new Map<string, Record<string, unknown>>();
  const layer = (pointer: string, vars: Readonly<Record<string, unknown>> | undefined): Record<string, unknown> => {
    const known = resolvedLayers.get(pointer);
    if (known !== undefined) return known;
    const res = resolveSecretRefs(vars ?? {}, pointer, secretCtx);
    for (const issue of res.missing) collector.add('E_SECRET_MISSING', invFile, issue);
    for (const issue of res.malformed) collector.add('E_INVENTORY', invFile, issue);
    for (const name of Object.keys(vars ?? {})) {
      if (RESERVED_NAMES.includes(name)) collector.add('E_INVENTORY', invFile, { pointer: `${pointer}/${escapePointer(name)}`, message: `"${name}" is reserved (${RESERVED_NAMES.join(', ')})` });
    }
    for (const t of collectTemplates(vars ?? {}, pointer)) if (!t.parsed.ok) collector.add('E_INVENTORY', invFile, { pointer: t.pointer, message: t.parsed.error });
    const value = res.value as Record<string, unknown>;
    resolvedLayers.set(pointer, value);
    return value;
  };
  const out: PreparedHost[] = [];
  for (const name of names) {
    let host: ResolvedHost;
    try {
      host = inventory.resolveHosts(name)[0] as ResolvedHost;
    } catch (error) {
      if (!(error instanceof PlaybookError)) throw error;
      for (const issue of error.issues) collector.add(error.code, error.file, issue);
      continue;
    }
    const own = raw.hosts[name] as InventoryHost;
    const hostVarsPointer = own.vars !== undefined ? `/hosts/${escapePointer(name)}/vars` : '/defaults/vars';
    const layers: VarLayer[] = [
      { origin: 'inventory vars', vars: layer('/vars', raw.vars) },
      { origin: 'playbook vars', vars: playbookVars },
      { origin: 'group all vars', vars: layer('/groupVars/all', raw.groupVars?.['all']) },
      ...host.groups.map((g) => ({ origin: `group ${g} vars`, vars: layer(`/groupVars/${escapePointer(g)}`, raw.groupVars?.[g]) })),
      { origin: 'host vars', vars: layer(hostVarsPointer, own.vars ?? raw.defaults?.vars) },
    ];
    out.push({ host, layers, facts: { host: hostFacts(host), playbook: playbookFacts } });
  }
  return out;
}

/**
 * Validates a playbook without running it. With an inventory, host-specific checks run for the selected hosts;
 * without one, templates that may read inventory variables are only parsed. Runners are not required.
 */
export function validatePlaybook(source: PlaybookSource, options: PrepareOptions): PlaybookError[] {
  return analyse(source, options, false).errors;
}

/** Validates a playbook against an inventory for a run; the plan exists only when nothing is wrong. */
export function preparePlaybook(source: PlaybookSource, options: PrepareOptions & { readonly inventory: LoadedInventory }): PrepareResult {
  const { errors, plan } = analyse(source, options, true);
  return plan === undefined || errors.length > 0 ? { ok: false, errors } : { ok: true, playbook: plan };
}

/** Reads and prepares a playbook file. */
export async function loadPlaybook(file: string, options: PrepareOptions & { readonly inventory: LoadedInventory; readonly cwd?: string }): Promise<PrepareResult> {
  let source: PlaybookSource;
  try {
    source = await readPlaybook(file, options.cwd);
  } catch (error) {
    if (error instanceof PlaybookError) return { ok: false, errors: [error] };
    throw error;
  }
  return preparePlaybook(source, options);
}

/** The document type, for SDK users who build playbooks in code. */
export type { PlaybookDocument };
