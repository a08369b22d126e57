/** Reading a device's recent Smart Licensing syslog through `send`, parsed into mnemonic, text and time. */
import type { Clock } from '../clock.js';
import { DeviceCommandError, ParseError } from '../errors.js';
import { deviceTimeMs } from '../parsers/device-time.js';
import { parseLogging } from '../parsers/show-logging.js';
import type { LicensingDevice } from './ports.js';
import { SHOW_LICENSING_SYSLOG } from './show-commands.js';
import type { SyslogHit } from './sync-loss.js';

export interface LicensingSyslog {
  readonly hits: readonly SyslogHit[];
  /** The lines as printed. */
  readonly lines: readonly string[];
  /** Why the syslog could not be read (the device refused the command, unreadable output), or null. */
  readonly problem: string | null;
}

/** Syslog timestamps carry no year (`May 27 09:54:57.783 UTC`); the clock's year is assumed. */
export async function readLicensingSyslog(device: LicensingDevice, clock: Clock, signal: AbortSignal): Promise<LicensingSyslog> {
  let output: string;
  try {
    output = (await device.send(SHOW_LICENSING_SYSLOG, { signal })).output;
  } catch (error) {
    if (error instanceof DeviceCommandError) return { hits: [], lines: [], problem: error.message };
    throw error;
  }
  const lines = output.split(/\r?\n/).filter((l) => l.trim() !== '');
  try {
    const parsed = parseLogging(output, { platform: device.platform, year: new Date(clock.now()).getUTCFullYear() });
    const hits = parsed.messages.map((m) => {
      const at = deviceTimeMs(m.timestamp);
      return at === null ? { mnemonic: m.id.mnemonic, text: m.text } : { mnemonic: m.id.mnemonic, text: m.text, at };
    });
    return { hits, lines, problem: null };
  } catch (error) {
    if (error instanceof ParseError) return { hits: [], lines, problem: error.message };
    throw error;
  }
}
