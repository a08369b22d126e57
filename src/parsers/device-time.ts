/**
 * Dates as Cisco devices print them, normalised to ISO 8601 UTC. Every format seen in the seeds and the corpus:
 *
 * - XE agent:        `Mar  5 02:01:03 2015 UTC`            (000:558, month day time year zone)
 * - ASA / XR agent:  `Feb 10 2023 11:27:20 UTC`            (001:813, month day year time zone)
 * - XR with weekday: `Mon Feb 11 2019 15:51:10 IST`        (004:443)
 * - exec header:     `.15:09:55.102 UTC Wed Nov 10 2021`   (`Time source is NTP, …`; leading `.`/`*` = unsynced)
 * - event log / RUM: `2021-11-17 03:31:32.920 UTC`, call-home statistics `2015-03-13 13:12:13` (zone in the header)
 * - yearless:        `Mon Jul  6 07:25:24.369 UTC` (XR exec timestamp, 001:565) and syslog `May 27 09:54:57.783 UTC`
 *
 * Zone abbreviations are looked up in {@link ZONE_OFFSETS}; `UTC±hh:mm` / `GMT±hh:mm` are read as offsets. A zone
 * the table does not know (a custom `clock timezone pacific -8` prints `pacific`) leaves `iso` null but keeps the
 * wall-clock `local` time and the raw text; callers may pass their own zone table.
 */

export interface DeviceTime {
  /** The text as printed (trimmed). */
  readonly raw: string;
  /** ISO 8601 UTC, e.g. `2015-03-05T02:01:03Z`; null when the zone or the year is unknown. */
  readonly iso: string | null;
  /** The wall-clock time as printed, without zone, e.g. `2015-03-05T02:01:03`; null without a year. */
  readonly local: string | null;
  /** The zone as printed (`UTC`, `IST`, `pacific`, `GMT-06:00`), or null when none was printed. */
  readonly zone: string | null;
  /** Offset east of UTC in minutes that `iso` was computed with, or null when the zone is unknown. */
  readonly offsetMinutes: number | null;
}

export interface DeviceTimeOptions {
  /** Extra or overriding zone abbreviations → minutes east of UTC (keys are matched case-insensitively). */
  readonly zones?: Readonly<Record<string, number>>;
  /** Year to assume for yearless timestamps (XR exec timestamp, syslog). */
  readonly year?: number;
  /** Zone to assume when none is printed (e.g. `GMT-06:00` from a table header). */
  readonly defaultZone?: string;
}

/**
 * Minutes east of UTC. Abbreviations are ambiguous in general; the choices here follow what Cisco devices in the
 * seeds print. [INF] `IST` is India (+05:30; the NCS 1004 seed outputs come from an IST lab, 004:174) and `CST`
 * is US Central (-06:00); override with `DeviceTimeOptions.zones` when a fleet uses another meaning.
 */
export const ZONE_OFFSETS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, BST: 60,
  CET: 60, CEST: 120, MET: 60, MEST: 120, EET: 120, EEST: 180, MSK: 180, WAT: 60, CAT: 120, SAST: 120, EAT: 180,
  GST: 240, PKT: 300, IST: 330, NPT: 345, ICT: 420, WIB: 420, SGT: 480, HKT: 480, AWST: 480, CCT: 480,
  JST: 540, KST: 540, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  NST: -210, NDT: -150, AST: -240, ADT: -180, EST: -300, EDT: -240, CST: -360, CDT: -300,
  MST: -420, MDT: -360, PST: -480, PDT: -420, AKST: -540, AKDT: -480, HST: -600, BRT: -180, ART: -180, CLT: -240,
};

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12,
};

const DOW = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\\.?';
const MON = '([A-Za-z]{3})[a-z]*\\.?';
const TIME = '(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,6}))?';
const ZONE = '([A-Za-z][A-Za-z0-9_/]*(?:[+-]\\d{1,2}(?::?\\d{2})?)?)';

/** `Feb 10 2023 11:27:20 UTC`, `Tue Jul 02 2024 13:13:37 UTC` */
const MDY_T = new RegExp(`^(?:${DOW}\\s+)?${MON}\\s+(\\d{1,2}),?\\s+(\\d{4})\\s+${TIME}(?:\\s+${ZONE})?$`, 'i');
/** `Mar  5 02:01:03 2015 UTC`, `Tue Jul  2 13:13:37 UTC 2024` */
const MD_T_Y = new RegExp(`^(?:${DOW}\\s+)?${MON}\\s+(\\d{1,2})\\s+${TIME}(?:\\s+${ZONE})?\\s+(\\d{4})(?:\\s+${ZONE})?$`, 'i');
/** `2021-11-17 03:31:32.920 UTC`, `2024-07-02T13:13:37Z` */
const ISO_LIKE = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})[ T]${TIME}(?:\\s*${ZONE})?$`, 'i');
/** `.15:09:55.102 UTC Wed Nov 10 2021` (exec header) */
const T_Z_DMY = new RegExp(`^[.*]?${TIME}\\s+${ZONE}\\s+${DOW}\\s+${MON}\\s+(\\d{1,2})\\s+(\\d{4})$`, 'i');
/** `Mon Jul  6 07:25:24.369 UTC`, `*May 27 09:54:57.783 UTC` (no year) */
const MD_T = new RegExp(`^[.*]?(?:${DOW}\\s+)?${MON}\\s+(\\d{1,2})\\s+${TIME}(?:\\s+${ZONE})?$`, 'i');

const NUMERIC_OFFSET = /^(?:UTC|GMT)?([+-])(\d{1,2})(?::?(\d{2}))?$/i;

/** Minutes east of UTC for a printed zone, or null when unknown. */
export function zoneOffset(zone: string, zones?: Readonly<Record<string, number>>): number | null {
  const upper = zone.toUpperCase();
  if (zones !== undefined) {
    for (const [name, offset] of Object.entries(zones)) if (name.toUpperCase() === upper) return offset;
  }
  const known = ZONE_OFFSETS[upper];
  if (known !== undefined) return known;
  const m = NUMERIC_OFFSET.exec(upper);
  if (m === null) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return minutes > 14 * 60 ? null : m[1] === '-' ? -minutes : minutes;
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function build(
  raw: string,
  year: number | null,
  monthName: string | number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  fraction: string | undefined,
  zone: string | undefined,
  options: DeviceTimeOptions | undefined,
): DeviceTime | null {
  const month = typeof monthName === 'number' ? monthName : MONTHS[monthName.slice(0, 3).toLowerCase()];
  if (month === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const printedZone = zone ?? null;
  const effectiveZone = zone ?? options?.defaultZone;
  const offset = effectiveZone === undefined ? null : zoneOffset(effectiveZone, options?.zones);
  const y = year ?? options?.year ?? null;
  if (y === null) return { raw, iso: null, local: null, zone: printedZone, offsetMinutes: offset };
  const ms = fraction === undefined ? 0 : Math.round(Number(`0.${fraction}`) * 1000);
  const wall = Date.UTC(y, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const frac = fraction === undefined ? '' : `.${pad(ms, 3)}`;
  const local = `${pad(y, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${frac}`;
  if (offset === null) return { raw, iso: null, local, zone: printedZone, offsetMinutes: null };
  const utc = new Date(wall - offset * 60_000).toISOString();
  const iso = fraction === undefined ? `${utc.slice(0, 19)}Z` : utc;
  return { raw, iso, local, zone: printedZone, offsetMinutes: offset };
}

/**
 * Reads one printed date. Returns null when the text is not a date in any known format (callers keep the raw
 * string then); a date with an unknown zone returns `iso: null`.
 */
export function parseDeviceTime(text: string, options?: DeviceTimeOptions): DeviceTime | null {
  const raw = text.trim().replace(/\s+/g, ' ');
  if (raw.length < 8) return null;
  let m = MDY_T.exec(raw);
  if (m !== null) {
    return build(raw, Number(m[3]), m[1]!, Number(m[2]), Number(m[4]), Number(m[5]), Number(m[6]), m[7], m[8], options);
  }
  m = MD_T_Y.exec(raw);
  if (m !== null) {
    return build(raw, Number(m[8]), m[1]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6], m[7] ?? m[9], options);
  }
  m = ISO_LIKE.exec(raw);
  if (m !== null) {
    return build(raw, Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), m[7], m[8], options);
  }
  m = T_Z_DMY.exec(raw);
  if (m !== null) {
    return build(raw, Number(m[8]), m[6]!, Number(m[7]), Number(m[1]), Number(m[2]), Number(m[3]), m[4], m[5], options);
  }
  m = MD_T.exec(raw);
  if (m !== null) {
    return build(raw, null, m[1]!, Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), m[6], m[7], options);
  }
  return null;
}

/** Epoch milliseconds of a parsed time, or null when it has no absolute instant. */
export function deviceTimeMs(time: DeviceTime | null | undefined): number | null {
  if (time?.iso == null) return null;
  return Date.parse(time.iso);
}

const DURATION_PART = /(\d+)\s*(days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b/gi;

/**
 * `89 days, 23 hours, 25 minutes, 40 seconds` (000:693), `6 hours, 53 minutes, 4 seconds remaining`,
 * `90 days, 0 hours` (001:148), `Grace 119D 22H` → milliseconds; null when no part is found.
 */
export function parseDuration(text: string): number | null {
  let total = 0;
  let found = false;
  for (const m of text.matchAll(DURATION_PART)) {
    const n = Number(m[1]);
    const unit = m[2]!.toLowerCase();
    found = true;
    if (unit.startsWith('d')) total += n * 86_400_000;
    else if (unit.startsWith('h')) total += n * 3_600_000;
    else if (unit.startsWith('m')) total += n * 60_000;
    else total += n * 1000;
  }
  return found ? total : null;
}
