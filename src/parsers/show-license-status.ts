import { parseLicenseCommand, type LicenseCommandSpec, hasStatusFacts } from './license-command.js';
import type { ParseOptions } from './options.js';
import type { LicenseStatusReport } from './types.js';

const STATUS: LicenseCommandSpec<'license-status'> = {
  kind: 'license-status',
  canonical: 'show license status',
  keys: ['license-status'],
  check: (r) => {
    if (!hasStatusFacts(r)) return 'no Smart Licensing status in the output';
    if ((r.entitlements !== undefined && r.entitlements.length > 0) || r.udi !== undefined) {
      return 'the output lists license usage / product information, which "show license status" does not print';
    }
    return null;
  },
};

/**
 * `show license status` — classic (`Registration:` / `License Authorization:`, 000:612-631, 001:963-1004,
 * 004:439-458) or SLP (`Smart Licensing Using Policy:`, `Account Information:`, `Usage Reporting:`).
 */
export function parseLicenseStatus(text: string, options?: ParseOptions): LicenseStatusReport {
  return parseLicenseCommand(STATUS, text, options);
}
