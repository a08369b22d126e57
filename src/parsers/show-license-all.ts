import { hasSmartLicensingFacts } from './license-report.js';
import { parseLicenseCommand, type LicenseCommandSpec } from './license-command.js';
import type { ParseOptions } from './options.js';
import type { LicenseAllReport } from './types.js';

const ALL: LicenseCommandSpec<'license-all'> = {
  kind: 'license-all',
  canonical: 'show license all',
  keys: ['license-all'],
  check: (r) => (hasSmartLicensingFacts(r) ? null : 'no Smart Licensing status, usage or product information in the output'),
};

/**
 * `show license all` — status blocks, `License Usage` entitlement blocks, `Product Information` (UDI, HA UDI
 * list), `Agent Version`, `Reservation Info` (000:545-603, 001:564-639, 001:800-887, 004:289-391, 004:767-831).
 */
export function parseLicenseAll(text: string, options?: ParseOptions): LicenseAllReport {
  return parseLicenseCommand(ALL, text, options);
}
