/**
 * `smartlic configure -i INV --intent FILE [--limit PATTERN] [--check] [--diff] [--json] [--forks N]`: brings each
 * selected host to the licensing intent with the minimal change — over its CLI (SSH), or over NETCONF when the
 * inventory host says `transport: netconf` (its `netconfPort`) — and reports per host whether it changed and the
 * diff. The intent is validated (schema, values, each host's platform when the inventory names it, and for
 * NETCONF hosts what the platform's models can say) and the inventory's secrets resolved before any host is
 * contacted: a bad intent sends nothing.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { connect } from '../../driver/connect.js';
import { applyConfiguration, type ApplyConfigurationResult } from '../../driver/configure.js';
import { applyConfigurationNetconf } from '../../driver/configure-netconf.js';
import { connectNetconf } from '../../driver/netconf/connect-netconf.js';
import { InvalidArgumentError, InvalidIntentError } from '../../errors.js';
import { loadInventory, type ResolvedHost } from '../../inventory/load.js';
import type { LicensingIntent } from '../../intents/types.js';
import { netconfIntentIssues } from '../../intents/netconf-plan.js';
import { intentIssues, validateIntent } from '../../intents/validate-intent.js';
import { parseStructuredText } from '../../schema/structured-text.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext, CommandRegistrar } from '../program.js';
import { errorReport, runHosts, type HostOutcome } from '../run-hosts.js';

interface ConfigureOptions {
  readonly inventory: string;
  readonly intent: string;
  readonly limit?: string;
  readonly check?: boolean;
  readonly diff?: boolean;
  readonly json?: boolean;
  readonly forks: string;
  readonly commitConfirmed?: string;
  readonly writeMemory?: boolean;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(name, `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

/** Reads and validates the intent file (platform-independent checks). */
async function readIntent(ctx: CliContext, file: string): Promise<LicensingIntent> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError('--intent', `cannot read "${file}" (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { cause: error });
  }
  let value: unknown;
  try {
    value = parseStructuredText(text, 'json');
  } catch (error) {
    throw new InvalidIntentError([{ pointer: '', message: `${file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}` }]);
  }
  return validateIntent(value);
}

/** Hosts whose platform the inventory names must be able to take the intent: refused before any connection. */
function checkPlatforms(intent: LicensingIntent, hosts: readonly ResolvedHost[]): void {
  for (const host of hosts) {
    if (host.platform === undefined) continue;
    const issues = intentIssues(intent, host.platform);
    if (issues.length === 0 && host.transport === 'netconf') issues.push(...netconfIntentIssues(intent, host.platform));
    if (issues.length > 0) throw new InvalidIntentError(issues, { host: host.name });
  }
}

function indent(text: string, by: string): string {
  return text
    .split('\n')
    .map((l) => `${by}${l}`)
    .join('\n');
}

/** Configures one host over the transport its inventory entry names. */
async function configureHost(target: ResolvedHost, intent: LicensingIntent, opts: ConfigureOptions, confirmed: number | undefined): Promise<ApplyConfigurationResult> {
  if (target.transport === 'netconf') {
    const connection = await connectNetconf(target);
    try {
      return await applyConfigurationNetconf(connection.client, intent, {
        check: opts.check === true,
        reconnect: () => connectNetconf(target),
        ...(target.platform === undefined ? {} : { platform: target.platform }),
        ...(confirmed !== undefined && (target.platform === 'ios-xr' || (target.platform === undefined && connection.client.features.confirmedCommit))
          ? { commitConfirmedSeconds: confirmed }
          : {}),
        ...(opts.writeMemory === true ? { writeMemory: true } : {}),
      });
    } finally {
      await connection.close();
    }
  }
  const session = await connect(target);
  try {
    return await applyConfiguration(session, intent, {
      check: opts.check === true,
      reconnect: () => connect(target),
      ...(confirmed !== undefined && session.platform === 'ios-xr' ? { commitConfirmedSeconds: confirmed } : {}),
      ...(opts.writeMemory === true ? { writeMemory: true } : {}),
    });
  } finally {
    await session.close();
  }
}

function humanReport(outcomes: readonly HostOutcome<ApplyConfigurationResult>[], opts: ConfigureOptions): string {
  const lines: string[] = [];
  const width = Math.max(...outcomes.map((o) => o.host.length));
  for (const o of outcomes) {
    const name = o.host.padEnd(width);
    if (!o.ok) {
      const { code, message } = errorReport(o.error);
      lines.push(`${name}  FAILED  ${code}: ${message}`);
      continue;
    }
    const r = o.value;
    const status = r.changed ? (r.check ? 'would change' : 'changed') : 'ok';
    const detail = r.changed ? ` (+${r.diff.add.length} -${r.diff.remove.length} lines)` : '';
    lines.push(`${name}  ${status}${detail}`);
    if (opts.diff === true && r.diffText !== '') lines.push(indent(r.diffText, '    '));
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  const changed = outcomes.filter((o) => o.ok && o.value.changed).length;
  lines.push(`${outcomes.length} host(s): ${changed} ${opts.check === true ? 'would change' : 'changed'}, ${failed} failed`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(outcomes: readonly HostOutcome<ApplyConfigurationResult>[], opts: ConfigureOptions): string {
  const hosts = outcomes.map((o) =>
    o.ok
      ? {
          host: o.host,
          ok: true,
          changed: o.value.changed,
          diff: o.value.diff,
          ...(opts.diff === true ? { diffText: o.value.diffText } : {}),
          linesSent: o.value.linesSent,
          ...(o.value.netconfConfig === undefined ? {} : { netconfConfig: o.value.netconfConfig }),
          saved: o.value.saved,
        }
      : { host: o.host, ok: false, changed: false, error: errorReport(o.error) },
  );
  return `${JSON.stringify({
    check: opts.check === true,
    hosts,
    summary: { hosts: hosts.length, changed: hosts.filter((h) => h.changed).length, failed: hosts.filter((h) => !h.ok).length },
  })}\n`;
}

export const registerConfigure: CommandRegistrar = (program: Command, ctx) => {
  program
    .command('configure')
    .description('bring hosts to a licensing intent (DNS, call-home, trust, HTTP client) with the minimal change, over the CLI or NETCONF')
    .requiredOption('-i, --inventory <file>', 'inventory (JSON or YAML)')
    .requiredOption('--intent <file>', 'the licensing intent (JSON, see schemas/intent.schema.json)')
    .option('--limit <pattern>', 'hosts to configure: names, groups, globs, ~regex, "," union, "!" exclude, "&" intersect', 'all')
    .option('--check', 'read each host and report what would change; send no configuration')
    .option('--diff', 'print each host\'s diff (lines added "+" and removed "-" under their sub-modes)')
    .option('--json', 'machine-readable report on stdout')
    .option('--forks <n>', 'hosts configured at the same time (1-1000)', '5')
    .option('--commit-confirmed <seconds>', 'IOS-XR: commit confirmed <seconds> (30-65535), confirmed once the result verifies')
    .option('--write-memory', 'IOS-XE: write memory (NETCONF: save-config) after a verified change')
    .addHelpText(
      'after',
      `
The intent is checked first (schema, every value that reaches a CLI line, what each host's platform supports);
a bad intent or inventory exits 2 and nothing is sent to any host. Each host is then read (show running-config
sections) and given only the lines that differ; a host that already matches gets no configuration line.
IOS-XR changes are one commit (aborted on error); IOS-XE changes are verified and, on any failure (a refused
line, a mismatch, a dropped connection), the previous lines are restored. Exit 1 when any host failed.

A host whose inventory entry says "transport": "netconf" is configured over NETCONF on its netconfPort: the
same plan and diff, written as one edit-config (candidate, validate, commit; or writable running), verified
and restored the same way. Over NETCONF, IOS-XE takes no CA certificate, preferred-msg-format or "no service
call-home" (its YANG models have no node for them): such an intent is refused for that host before anything is
sent.

Example:
  smartlic configure -i inv.json --intent licensing.json --limit 'ncs*' --check --diff`,
    )
    .action(async (opts: ConfigureOptions) => {
      const forks = wholeNumber('--forks', opts.forks, 1, 1000);
      const confirmed = opts.commitConfirmed === undefined ? undefined : wholeNumber('--commit-confirmed', opts.commitConfirmed, 30, 65535);
      const intent = await readIntent(ctx, opts.intent);
      const inventory = await loadInventory(opts.inventory, { env: ctx.io.env, cwd: ctx.io.cwd });
      const hosts = inventory.resolveHosts(opts.limit ?? 'all');
      checkPlatforms(intent, hosts);
      const byName = new Map(hosts.map((h) => [h.name, h]));
      const outcomes = await runHosts(
        hosts.map((h) => h.name),
        (name) => configureHost(byName.get(name) as ResolvedHost, intent, opts, confirmed),
        { forks, what: 'configure', ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }) },
      );
      ctx.io.stdout.write(opts.json === true ? jsonReport(outcomes, opts) : humanReport(outcomes, opts));
      if (ctx.io.signal?.aborted === true) ctx.exitCode = ExitCode.interrupted;
      else if (outcomes.some((o) => !o.ok)) ctx.exitCode = ExitCode.hostFailed;
    });
};
