/**
 * The shared steps of the `show license …` parsers: prepare the capture, read the report, refuse traditional
 * licensing and outputs without the facts the command prints.
 */
import { ParseError } from '../errors.js';
import type { CommandKey } from './command.js';
import { hasSmartLicensingFacts, readLicenseReport, type LicenseReportOptions } from './license-report.js';
import { excerptOf, prepareOutput, type ParseOptions, type PreparedOutput } from './options.js';
import type { LicenseReport, LicenseReportKind } from './types.js';

export function readerOptions(prepared: PreparedOutput, options: ParseOptions | undefined): LicenseReportOptions {
  const out: { -readonly [K in keyof LicenseReportOptions]: LicenseReportOptions[K] } = {
    command: prepared.canonical,
    platform: prepared.platform,
  };
  if (options?.zones !== undefined) out.zones = options.zones;
  if (options?.year !== undefined) out.year = options.year;
  if (options?.defaultZone !== undefined) out.defaultZone = options.defaultZone;
  return out;
}

export interface LicenseCommandSpec<K extends LicenseReportKind> {
  readonly kind: K;
  readonly canonical: string;
  readonly keys: readonly CommandKey[];
  /** What the output must hold; returns the reason it is not this command's output, or null. */
  readonly check: (report: LicenseReport<K>) => string | null;
}

export function parseLicenseCommand<K extends LicenseReportKind>(
  spec: LicenseCommandSpec<K>,
  text: string,
  options: ParseOptions | undefined,
): LicenseReport<K> {
  const prepared = prepareOutput(text, spec.canonical, spec.keys, options);
  const { report, traditional } = readLicenseReport(spec.kind, prepared.capture, readerOptions(prepared, options));
  const typed = report as LicenseReport<K>;
  if (traditional && !hasSmartLicensingFacts(typed)) {
    throw new ParseError(prepared.command, 'this is traditional (non-smart) licensing output, not Smart Licensing', excerptOf(prepared.capture));
  }
  const problem = spec.check(typed);
  if (problem !== null) throw new ParseError(prepared.command, problem, excerptOf(prepared.capture));
  return typed;
}

/** Status facts: what `show license status` prints in either format. */
export function hasStatusFacts(r: LicenseReport): boolean {
  return (
    r.smartLicensing !== undefined ||
    r.usingPolicy !== undefined ||
    r.registration !== undefined ||
    r.authorization !== undefined ||
    r.account !== undefined ||
    r.usageReporting !== undefined ||
    r.trustCode !== undefined ||
    r.transport !== undefined
  );
}
