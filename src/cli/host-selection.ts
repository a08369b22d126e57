/**
 * The options every per-host verb shares (`-i INV [--limit PATTERN] [--forks N] [--timeout S] [--json]`) and their
 * resolution: the inventory is loaded, the pattern selects hosts and every selected host's secrets are resolved
 * before any device is contacted, so bad input fails with exit 2 and nothing sent.
 */
import type { Command } from 'commander';
import { InvalidArgumentError } from '../errors.js';
import { loadInventory, type ResolvedHost } from '../inventory/load.js';
import type { CliContext } from './program.js';

export interface HostOptions {
  readonly inventory: string;
  readonly limit?: string;
  readonly forks?: string;
  readonly timeout?: string;
  readonly json?: boolean;
}

export interface HostSelection {
  readonly hosts: readonly ResolvedHost[];
  readonly forks: number;
  /** `--timeout` in milliseconds, when given. */
  readonly timeoutMs?: number;
  readonly json: boolean;
}

export const DEFAULT_FORKS = 5;
export const MAX_FORKS = 500;

export function withHostOptions(cmd: Command, timeoutHelp: string): Command {
  return cmd
    .requiredOption('-i, --inventory <file>', 'inventory (JSON or YAML)')
    .option('--limit <pattern>', 'hosts to act on: names, groups, globs, "," union, "!" exclude, "&" intersect (default: all)')
    .option('--forks <n>', `devices worked on at the same time, 1-${MAX_FORKS} (default ${DEFAULT_FORKS})`)
    .option('--timeout <seconds>', timeoutHelp)
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', HOST_EXIT_CODES);
}

export const HOST_EXIT_CODES = `
Exit codes: 0 every selected host succeeded; 1 one or more hosts failed (the others ran to the end; each host's
error code is in the report); 2 bad input (inventory, --limit, options, missing token): nothing was sent;
3 internal error; 130 interrupted (sessions were closed).`;

function wholeNumber(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(name, `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export async function selectHosts(ctx: CliContext, opts: HostOptions): Promise<HostSelection> {
  const forks = opts.forks === undefined ? DEFAULT_FORKS : wholeNumber('--forks', opts.forks, 1, MAX_FORKS);
  const timeoutMs = opts.timeout === undefined ? undefined : wholeNumber('--timeout', opts.timeout, 1, 86_400) * 1000;
  const inventory = await loadInventory(opts.inventory, { env: ctx.io.env, cwd: ctx.io.cwd });
  const hosts = inventory.resolveHosts(opts.limit ?? 'all');
  if (hosts.length === 0) throw new InvalidArgumentError('--limit', `"${opts.limit ?? 'all'}" selects no host`);
  return { hosts, forks, ...(timeoutMs === undefined ? {} : { timeoutMs }), json: opts.json === true };
}
