import { parseLicenseCommand, type LicenseCommandSpec } from './license-command.js';
import type { ParseOptions } from './options.js';
import type { LicenseAuthorizationReport } from './types.js';

/** `show license authorization` (SLP): `Overall status:` per HA member and `Purchased Licenses:`. */
const AUTHORIZATION: LicenseCommandSpec<'license-authorization'> = {
  kind: 'license-authorization',
  canonical: 'show license authorization',
  keys: ['license-authorization'],
  check: (r) => (r.licenseAuthorizations === undefined ? 'no "Overall status:" or "Purchased Licenses:" in the output' : null),
};

export function parseLicenseAuthorization(text: string, options?: ParseOptions): LicenseAuthorizationReport {
  return parseLicenseCommand(AUTHORIZATION, text, options);
}
