/**
 * Reports of a per-host run: one JSON document for pipelines (`--json`), or one line per host for people with the
 * failure's device evidence indented under it, then a count. Errors print through `SmartlicError.toJSON()` and
 * `redactText`, so secrets stay out; the exit code says whether any host failed.
 */
import { isSmartlicError } from '../errors.js';
import { redactText } from '../secret.js';
import { ExitCode } from './exit-codes.js';
import type { HostOutcome } from './host-runner.js';
import type { CliContext } from './program.js';

function errorJson(error: unknown): Record<string, unknown> {
  if (isSmartlicError(error)) return error.toJSON();
  if (error instanceof Error) return { name: error.name, code: null, message: redactText(error.message) };
  return { name: 'Error', code: null, message: redactText(String(error)) };
}

/** `E_COMM_FAILED (dns): <message>`, evidence lines under it. */
export function describeError(error: unknown): string[] {
  if (!isSmartlicError(error)) return [`internal error: ${redactText(error instanceof Error ? error.message : String(error))}`];
  const cause = (error as { commCause?: unknown }).commCause;
  const evidence = (error as { evidence?: unknown }).evidence;
  const lines = [`${error.code}${typeof cause === 'string' ? ` (${cause})` : ''}: ${error.message}`];
  if (Array.isArray(evidence)) for (const line of evidence) lines.push(`    | ${redactText(String(line))}`);
  return lines;
}

/** 0 all ok; 130 when a host was cancelled; 3 when a host hit an internal error (a bug); else 1 when any failed. */
export function exitCodeOf(outcomes: readonly HostOutcome<unknown>[]): number {
  const failures = outcomes.filter((o) => !o.ok).map((o) => (o.ok ? null : o.error));
  if (failures.length === 0) return ExitCode.ok;
  if (failures.some((e) => isSmartlicError(e) && e.code === 'E_CANCELLED')) return ExitCode.interrupted;
  if (failures.some((e) => !isSmartlicError(e))) return ExitCode.internal;
  return ExitCode.hostFailed;
}

export function writeJsonReport<T>(ctx: CliContext, operation: string, outcomes: readonly HostOutcome<T>[], valueJson: (value: T) => Record<string, unknown>): void {
  const hosts = outcomes.map((o) => (o.ok ? { host: o.host, ok: true, ...valueJson(o.value) } : { host: o.host, ok: false, error: errorJson(o.error) }));
  const doc = { operation, ok: outcomes.every((o) => o.ok), hosts };
  ctx.io.stdout.write(`${redactText(JSON.stringify(doc))}\n`);
}

export function writeTextReport<T>(ctx: CliContext, outcomes: readonly HostOutcome<T>[], describe: (value: T) => string): void {
  const width = Math.max(4, ...outcomes.map((o) => o.host.length));
  const lines: string[] = [];
  for (const o of outcomes) {
    if (o.ok) {
      lines.push(`${o.host.padEnd(width)}  ok      ${describe(o.value)}`);
    } else {
      const [first = '', ...rest] = describeError(o.error);
      lines.push(`${o.host.padEnd(width)}  FAILED  ${first}`, ...rest.map((l) => `${' '.repeat(width)}  ${l}`));
    }
  }
  const failed = outcomes.filter((o) => !o.ok).length;
  lines.push(`${outcomes.length} host${outcomes.length === 1 ? '' : 's'}: ${outcomes.length - failed} ok, ${failed} failed`);
  ctx.io.stdout.write(`${redactText(lines.join('\n'))}\n`);
}

/** Columns padded to their widest cell; the last column is not padded. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}
