/**
 * `smartlic run <playbook> -i <inventory>` and `smartlic validate <playbook> [-i <inventory>]`.
 *
 * Both validate everything first (src/playbook/prepare.ts); a playbook with any error is not run and nothing is
 * sent (exit 2), and every error is printed at once with its JSON pointer. `run` then runs the playbook with
 * the task registry: progress on a TTY, plain lines otherwise, NDJSON events with `--json`, and a JSON or JUnit
 * report with `--report FILE` (by extension) or `--junit FILE`.
 *
 * The task registry comes from `PlaybookCommandOptions.registry`; by default it is the shipped one with every device
 * task runnable over the driver and the workflows (src/playbook/runners/device-runners.ts).
 */
import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { InvalidArgumentError, PlaybookError } from '../../errors.js';
import { loadInventory, type LoadedInventory } from '../../inventory/load.js';
import { runPlaybook, type RunOptions } from '../../playbook/engine.js';
import { toJUnitXml } from '../../playbook/junit.js';
import { toNdjsonLine } from '../../playbook/ndjson.js';
import { preparePlaybook, readPlaybook, validatePlaybook, type PlaybookSource } from '../../playbook/prepare.js';
import { ProgressRenderer } from '../../playbook/progress.js';
import type { PlaybookReport } from '../../playbook/report.js';
import { createDeviceTaskRegistry, type DeviceRunnerOptions } from '../../playbook/runners/device-runners.js';
import type { TaskRegistry } from '../../playbook/task-registry.js';
import { redactText } from '../../secret.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext, CommandRegistrar } from '../program.js';

export interface PlaybookCommandOptions {
  /** The task types `run` and `validate` know (default: the shipped registry with the device runners). */
  readonly registry?: () => TaskRegistry;
  /** Options of the default registry's device runners (session timeouts, polling); `cwd` is the command's. */
  readonly runners?: Omit<DeviceRunnerOptions, 'cwd'>;
  /** Clock, sleep, logger for the engine (tests use virtual time). */
  readonly run?: Pick<RunOptions, 'clock' | 'sleep' | 'logger'>;
  /** Directories searched before the package's schemas/ for schema files that task types reference by name. */
  readonly schemaDirs?: readonly string[];
}

interface RunCliOptions {
  readonly inventory: string;
  readonly check?: boolean;
  readonly diff?: boolean;
  readonly limit?: string;
  readonly forks?: string;
  readonly json?: boolean;
  readonly report?: string;
  readonly junit?: string;
  readonly tags?: string;
  readonly skipTags?: string;
}

interface ValidateCliOptions {
  readonly inventory?: string;
  readonly limit?: string;
  readonly json?: boolean;
}

function listOption(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

function forksOption(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^[1-9][0-9]{0,3}$/.test(value)) throw new InvalidArgumentError('--forks', `must be a whole number from 1 to 9999, got "${value}"`);
  return Number(value);
}

function reportFormat(file: string): 'json' | 'junit' {
  const ext = extname(file).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.xml') return 'junit';
  throw new InvalidArgumentError('--report', `"${file}": the format comes from the extension, .json or .xml (JUnit)`);
}

/** Prints validation errors: every issue on its own line under its code and file. */
function printErrors(ctx: CliContext, errors: readonly PlaybookError[], json: boolean, heading: string): void {
  const count = errors.reduce((n, e) => n + e.issues.length, 0);
  if (json) {
    ctx.io.stdout.write(toNdjsonLine({ kind: 'invalid', errors: errors.map((e) => ({ code: e.code, file: e.file, issues: e.issues })) }));
  }
  const lines = [`smartlic: ${heading}: ${count} problem(s)`];
  for (const error of errors) {
    lines.push(`${error.code} ${error.file}`);
    for (const issue of error.issues) lines.push(`  ${issue.pointer || '/'}: ${redactText(issue.message)}`);
  }
  ctx.io.stderr.write(`${lines.join('\n')}\n`);
  ctx.exitCode = ExitCode.badInput;
}

async function loadInventoryOrErrors(ctx: CliContext, file: string): Promise<LoadedInventory | PlaybookError> {
  try {
    return await loadInventory(file, { cwd: ctx.io.cwd, env: ctx.io.env });
  } catch (error) {
    if (error instanceof PlaybookError) return error;
    throw error;
  }
}

async function readSource(ctx: CliContext, file: string): Promise<PlaybookSource | PlaybookError> {
  try {
    return await readPlaybook(file, ctx.io.cwd);
  } catch (error) {
    if (error instanceof PlaybookError) return error;
    throw error;
  }
}

async function writeReport(ctx: CliContext, file: string, format: 'json' | 'junit', report: PlaybookReport): Promise<void> {
  const text = format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : toJUnitXml(report);
  await writeFile(resolve(ctx.io.cwd, file), redactText(text));
}

function exitCodeOf(report: PlaybookReport): number {
  if (report.cancelled) return ExitCode.interrupted;
  return report.hosts.some((h) => h.status === 'failed' || h.status === 'not-run') ? ExitCode.hostFailed : ExitCode.ok;
}

const EXIT_HELP = `
Exit codes: 0 every host succeeded; 1 one or more hosts failed (the others ran to the end); 2 bad input —
the playbook, inventory, --limit or a secret is wrong and nothing was sent to any device; 130 interrupted.`;

export function playbookCommands(options: PlaybookCommandOptions = {}): CommandRegistrar {
  return (program: Command, ctx: CliContext) => {
    const registryOf = options.registry ?? (() => createDeviceTaskRegistry({ ...options.runners, cwd: ctx.io.cwd }));
    program
      .command('run')
      .description('run a playbook (JSON or YAML) against an inventory; everything is validated before anything is sent')
      .argument('<playbook>', 'playbook file (playbooks/*.json; schema: schemas/playbook.schema.json)')
      .requiredOption('-i, --inventory <file>', 'inventory file (JSON or YAML; `smartlic emulate --inventory-out` writes one)')
      .option('--check', 'check mode: tasks report what they would change and change nothing; tasks that cannot are skipped')
      .option('--diff', 'include what changed (or would change) in the output and the report')
      .option('--limit <pattern>', 'only the playbook hosts also matching this pattern (names, groups, globs, !exclude, &intersect)')
      .option('--forks <n>', 'hosts running a task at the same time (default 10)')
      .option('--tags <list>', 'run only tasks with one of these tags (comma-separated)')
      .option('--skip-tags <list>', 'skip tasks with one of these tags (comma-separated)')
      .option('--json', 'print NDJSON events on stdout (one per line; the last is run-finished with the report)')
      .option('--report <file>', 'write the report: .json (the full report) or .xml (JUnit, one testsuite per host)')
      .option('--junit <file>', 'write a JUnit XML report (whatever the extension)')
      .addHelpText(
        'after',
        `${EXIT_HELP}
Secrets are given by reference in playbooks and inventories ({"$env": "VAR"} or {"$file": "path"}) and are
printed as *** everywhere (progress, NDJSON, reports). Example:
  smartlic run playbooks/onboard.json -i inventory.json --limit cbr8 --report out.xml`,
      )
      .action(async (file: string, opts: RunCliOptions) => {
        const json = opts.json === true;
        const forks = forksOption(opts.forks);
        const reports: { file: string; format: 'json' | 'junit' }[] = [];
        if (opts.report !== undefined) reports.push({ file: opts.report, format: reportFormat(opts.report) });
        if (opts.junit !== undefined) reports.push({ file: opts.junit, format: 'junit' });
        const registry = registryOf();
        const [inventory, source] = await Promise.all([loadInventoryOrErrors(ctx, opts.inventory), readSource(ctx, file)]);
        if (inventory instanceof PlaybookError || source instanceof PlaybookError) {
          const errors = [inventory, source].filter((x): x is PlaybookError => x instanceof PlaybookError);
          if (!(source instanceof PlaybookError)) {
            errors.push(...validatePlaybook(source, { registry, env: ctx.io.env, ...(options.schemaDirs === undefined ? {} : { schemaDirs: options.schemaDirs }) }));
          }
          printErrors(ctx, errors, json, 'the playbook was not run (nothing was sent)');
          return;
        }
        const prepared = preparePlaybook(source, {
          registry,
          inventory,
          env: ctx.io.env,
          check: opts.check === true,
          diff: opts.diff === true,
          ...(opts.limit === undefined ? {} : { limit: opts.limit }),
          ...(options.schemaDirs === undefined ? {} : { schemaDirs: options.schemaDirs }),
        });
        if (!prepared.ok) {
          printErrors(ctx, prepared.errors, json, 'the playbook was not run (nothing was sent)');
          return;
        }
        const stdout = ctx.io.stdout as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
        const renderer = json ? undefined : new ProgressRenderer(stdout, { tty: stdout.isTTY === true, color: ctx.io.env['NO_COLOR'] === undefined });
        const report = await runPlaybook(prepared.playbook, {
          ...options.run,
          ...(forks === undefined ? {} : { forks }),
          ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
          ...(opts.tags === undefined ? {} : { tags: listOption(opts.tags) ?? [] }),
          ...(opts.skipTags === undefined ? {} : { skipTags: listOption(opts.skipTags) ?? [] }),
          onEvent: (event) => {
            if (json) ctx.io.stdout.write(toNdjsonLine(event));
            else renderer?.handle(event);
          },
        });
        for (const r of reports) await writeReport(ctx, r.file, r.format, report);
        ctx.exitCode = exitCodeOf(report);
      });

    program
      .command('validate')
      .description('check a playbook (and, with -i, against an inventory) without running it or connecting to anything')
      .argument('<playbook>', 'playbook file')
      .option('-i, --inventory <file>', 'also check hosts, --limit, inventory secrets and per-host templates')
      .option('--limit <pattern>', 'with -i: the hosts to check')
      .option('--json', 'print the result as JSON')
      .addHelpText(
        'after',
        `
Without -i, templates that may read inventory variables are only parsed; secrets the playbook references
must still resolve. Prints "ok" or every problem with its JSON pointer.
Exit codes: 0 valid; 2 invalid (or the inventory is).`,
      )
      .action(async (file: string, opts: ValidateCliOptions) => {
        const json = opts.json === true;
        const registry = registryOf();
        const [inventory, source] = await Promise.all([
          opts.inventory === undefined ? Promise.resolve(undefined) : loadInventoryOrErrors(ctx, opts.inventory),
          readSource(ctx, file),
        ]);
        const errors: PlaybookError[] = [];
        if (inventory instanceof PlaybookError) errors.push(inventory);
        if (source instanceof PlaybookError) errors.push(source);
        else {
          errors.push(
            ...validatePlaybook(source, {
              registry,
              env: ctx.io.env,
              ...(inventory === undefined || inventory instanceof PlaybookError ? {} : { inventory }),
              ...(opts.limit === undefined ? {} : { limit: opts.limit }),
              ...(options.schemaDirs === undefined ? {} : { schemaDirs: options.schemaDirs }),
            }),
          );
        }
        if (errors.length > 0) {
          printErrors(ctx, errors, json, `${file} is not valid`);
          return;
        }
        const document = (source as PlaybookSource).document as { tasks: unknown[] };
        if (json) ctx.io.stdout.write(`${JSON.stringify({ ok: true, file, tasks: document.tasks.length })}\n`);
        else ctx.io.stdout.write(`ok: ${file} (${document.tasks.length} task(s)${inventory === undefined ? '' : `, checked against ${opts.inventory ?? ''}`})\n`);
      });
  };
}

export const registerPlaybookCommands: CommandRegistrar = playbookCommands();
