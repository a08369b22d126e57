import { hasStatusFacts, parseLicenseCommand, type LicenseCommandSpec } from './license-command.js';
import type { ParseOptions } from './options.js';
import type { LicenseTechSupportReport } from './types.js';

const TECH_SUPPORT: LicenseCommandSpec<'license-tech-support'> = {
  kind: 'license-tech-support',
  canonical: 'show license tech support',
  keys: ['license-tech-support'],
  check: (r) => (hasStatusFacts(r) ? null : 'no Smart Licensing status in the output'),
};

/**
 * `show license tech support` (XE; `show license tech` on XR) — everything `show license all` prints plus
 * `Evaluation Period`, tech-support `Handle:` blocks with the full `regid.…` entitlement tags, `Upcoming Scheduled
 * Jobs`, `License Certificates`, `Communication Statistics` and the agent's `Other Info` (000:668-904).
 */
export function parseLicenseTechSupport(text: string, options?: ParseOptions): LicenseTechSupportReport {
  return parseLicenseCommand(TECH_SUPPORT, text, options);
}
