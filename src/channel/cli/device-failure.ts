/** Pure: does a command's output say the device refused it, and how (the dialect's failure indicators)? */
import type { DeviceCommandCode } from '../../errors.js';
import type { Dialect } from '../../platforms/types.js';

export interface DeviceFailure {
  readonly code: DeviceCommandCode;
  /** The output line that matched. */
  readonly line: string;
}

/** The first output line matching one of the dialect's failure indicators (leading spaces ignored), or null. */
export function findDeviceFailure(output: string, dialect: Pick<Dialect, 'failureIndicators'>): DeviceFailure | null {
  if (output.length === 0) return null;
  let start = 0;
  while (start <= output.length) {
    const nl = output.indexOf('\n', start);
    const end = nl < 0 ? output.length : nl;
    const line = output.slice(start, end).trimStart();
    if (line.length > 0) {
      for (const indicator of dialect.failureIndicators) {
        if (indicator.pattern.test(line)) return { code: indicator.code, line: line.trimEnd() };
      }
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  return null;
}
