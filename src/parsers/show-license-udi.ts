import { parseLicenseCommand, type LicenseCommandSpec } from './license-command.js';
import type { ParseOptions } from './options.js';
import type { LicenseUdiReport } from './types.js';

const UDI: LicenseCommandSpec<'license-udi'> = {
  kind: 'license-udi',
  canonical: 'show license udi',
  keys: ['license-udi'],
  check: (r) => {
    if (r.udi === undefined && r.haUdiList === undefined && r.udiTable === undefined) return 'no UDI in the output';
    if (r.registration !== undefined || r.authorization !== undefined || (r.entitlements?.length ?? 0) > 0) {
      return 'the output has license status or usage, which "show license udi" does not print';
    }
    return null;
  },
};

/**
 * `show license udi` — `UDI: PID:…,SN:…` with an optional `HA UDI List:` (000:911-918), the XR form
 * `UDI: SN:…,UUID:default-sdr` (004:490-495), or the ASR 1000 table `SlotID PID SN UDI`.
 */
export function parseLicenseUdi(text: string, options?: ParseOptions): LicenseUdiReport {
  return parseLicenseCommand(UDI, text, options);
}
