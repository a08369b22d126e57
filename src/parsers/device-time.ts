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

/** Three lower-case letters as one number (`jan` → 0x6a616e), so a name is found with one lookup. */
function code3(a: number, b: number, c: number): number {
  return (a << 16) | (b << 8) | c;
}

function codeOf(name: string): number {
  return code3(name.charCodeAt(0), name.charCodeAt(1), name.charCodeAt(2));
}

/** Month number by the first three letters of its name. */
const MONTHS: ReadonlyMap<number, number> = new Map(
  ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'].map((m, i) => [codeOf(m), i + 1]),
);
const DAYS_OF_WEEK: ReadonlySet<number> = new Set(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map(codeOf));

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

/** Zone text → offset, memoised: devices print few distinct zones and this runs for every date. */
const zoneCache = new Map<string, number | null>();

function offsetOf(zone: string, options: DeviceTimeOptions | undefined): number | null {
  if (options?.zones !== undefined) return zoneOffset(zone, options.zones);
  let offset = zoneCache.get(zone);
  if (offset === undefined) {
    offset = zoneOffset(zone);
    if (zoneCache.size < 256) zoneCache.set(zone, offset);
  }
  return offset;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

function pad4(n: number): string {
  return n >= 1000 ? String(n) : n >= 100 ? `0${n}` : n >= 10 ? `00${n}` : `000${n}`;
}

function pad3(n: number): string {
  return n >= 100 ? String(n) : n >= 10 ? `0${n}` : `00${n}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** `YYYY-MM-DDTHH:MM:SS[.mmm]` of an epoch-milliseconds value (civil-from-days, no Date object). */
function formatUtc(ms: number, withMillis: boolean): string {
  const dayMs = 86_400_000;
  let days = Math.floor(ms / dayMs);
  let rest = ms - days * dayMs;
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const millis = rest - second * 1000;
  days += 719_468;
  const era = Math.floor(days / 146_097);
  const doe = days - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const base = `${pad4(year)}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}`;
  return withMillis ? `${base}.${pad3(millis)}` : base;
}

/**
 * `YYYY-MM-DDTHH:MM:SS[.mmm]` of fields already in range (a four-digit year), as one flat string: dates are the most
 * frequent values in a report, and building them piece by piece allocates a string per piece.
 */
function formatFields(y: number, mo: number, d: number, h: number, mi: number, s: number, millis: number, withMillis: boolean): string {
  const yh = (y / 100) | 0;
  const yl = y % 100;
  const base = String.fromCharCode(
    48 + ((yh / 10) | 0), 48 + (yh % 10), 48 + ((yl / 10) | 0), 48 + (yl % 10), 45, // YYYY-
    48 + ((mo / 10) | 0), 48 + (mo % 10), 45, // MM-
    48 + ((d / 10) | 0), 48 + (d % 10), 84, // DDT
    48 + ((h / 10) | 0), 48 + (h % 10), 58, // HH:
    48 + ((mi / 10) | 0), 48 + (mi % 10), 58, // MM:
    48 + ((s / 10) | 0), 48 + (s % 10), // SS
  );
  return withMillis ? `${base}.${pad3(millis)}` : base;
}

const DAY_MINUTES = 1440;

function build(
  raw: string,
  year: number | null,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  hasFraction: boolean,
  zone: string | null,
  options: DeviceTimeOptions | undefined,
): DeviceTime | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const effectiveZone = zone ?? options?.defaultZone;
  const offset = effectiveZone === undefined ? null : offsetOf(effectiveZone, options);
  const y = year ?? options?.year ?? null;
  if (y === null) return { raw, iso: null, local: null, zone, offsetMinutes: offset };
  if (day > daysInMonth(y, month)) return null;
  if (!(y >= 1000 && y <= 9999 && (y | 0) === y && second < 60 && millis < 1000)) {
    // A leap second, a millisecond rounded up to 1000 or an unusual year: let the calendar carry it.
    return viaCalendar(raw, y, month, day, hour, minute, second, millis, hasFraction, zone, offset);
  }
  // The wall clock is printed as read; the instant is the wall clock moved by the offset.
  const local = formatFields(y, month, day, hour, minute, second, millis, hasFraction);
  if (offset === null) return { raw, iso: null, local, zone, offsetMinutes: null };
  if (offset === 0) return { raw, iso: `${local}Z`, local, zone, offsetMinutes: offset };
  if ((offset | 0) !== offset || offset > DAY_MINUTES || offset < -DAY_MINUTES) {
    return viaCalendar(raw, y, month, day, hour, minute, second, millis, hasFraction, zone, offset);
  }
  let minutes = hour * 60 + minute - offset;
  let d = day;
  let mo = month;
  let yy = y;
  if (minutes < 0) {
    minutes += DAY_MINUTES;
    if (--d < 1) {
      if (--mo < 1) {
        mo = 12;
        yy--;
      }
      d = daysInMonth(yy, mo);
    }
  } else if (minutes >= DAY_MINUTES) {
    minutes -= DAY_MINUTES;
    if (++d > daysInMonth(yy, mo)) {
      d = 1;
      if (++mo > 12) {
        mo = 1;
        yy++;
      }
    }
  }
  if (yy < 1000 || yy > 9999) return viaCalendar(raw, y, month, day, hour, minute, second, millis, hasFraction, zone, offset);
  const iso = `${formatFields(yy, mo, d, (minutes / 60) | 0, minutes % 60, second, millis, hasFraction)}Z`;
  return { raw, iso, local, zone, offsetMinutes: offset };
}

/** The general case: through epoch milliseconds, which carry leap seconds, millisecond overflow and any year. */
function viaCalendar(
  raw: string,
  y: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  millis: number,
  hasFraction: boolean,
  zone: string | null,
  offset: number | null,
): DeviceTime {
  const wall = Date.UTC(y, month - 1, day, hour, minute, second, millis);
  const local = formatUtc(wall, hasFraction);
  if (offset === null) return { raw, iso: null, local, zone, offsetMinutes: null };
  const iso = offset === 0 ? `${local}Z` : `${formatUtc(wall - offset * 60_000, hasFraction)}Z`;
  return { raw, iso, local, zone, offsetMinutes: offset };
}

// ------------------------------------------------------------------------------------------------ scanner

const enum Kind {
  Word,
  Number,
  Time,
  IsoDate,
  Other,
}

/** Token boundaries and decoded values; reused between calls (parsing is synchronous). */
const MAX_TOKENS = 8;
const kinds = new Array<Kind>(MAX_TOKENS);
const starts = new Array<number>(MAX_TOKENS);
const ends = new Array<number>(MAX_TOKENS);
const values = new Array<number>(MAX_TOKENS);
let tHour = 0;
let tMinute = 0;
let tSecond = 0;
let tMillis = 0;
let tFraction = false;
let isoTimeAt = -1;

function isLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** A printable ASCII character other than the space: never trimmed. */
function isVisibleAscii(c: number): boolean {
  return c > 32 && c < 127;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Reads `H:MM:SS[.f]` at `i` (an optional leading `.`/`*` skipped by the caller); returns the end or -1. */
function readTime(text: string, i: number, end: number): number {
  let h = 0;
  let n = 0;
  while (i < end && isDigit(text.charCodeAt(i)) && n < 2) {
    h = h * 10 + text.charCodeAt(i) - 48;
    i++;
    n++;
  }
  if (n === 0 || text.charCodeAt(i) !== 58) return -1;
  const m1 = text.charCodeAt(i + 1) - 48;
  const m2 = text.charCodeAt(i + 2) - 48;
  if (!(m1 >= 0 && m1 <= 9 && m2 >= 0 && m2 <= 9) || text.charCodeAt(i + 3) !== 58) return -1;
  const s1 = text.charCodeAt(i + 4) - 48;
  const s2 = text.charCodeAt(i + 5) - 48;
  if (!(s1 >= 0 && s1 <= 9 && s2 >= 0 && s2 <= 9)) return -1;
  tHour = h;
  tMinute = m1 * 10 + m2;
  tSecond = s1 * 10 + s2;
  i += 6;
  tMillis = 0;
  tFraction = false;
  if (i < end && text.charCodeAt(i) === 46 && isDigit(text.charCodeAt(i + 1))) {
    tFraction = true;
    i++;
    let scale = 100;
    while (i < end && isDigit(text.charCodeAt(i))) {
      tMillis += (text.charCodeAt(i) - 48) * scale;
      scale /= 10;
      i++;
    }
    tMillis = Math.round(tMillis);
  }
  return i;
}

/** Splits `text[start, end)` into at most MAX_TOKENS tokens; returns the count, or -1 when it cannot be a date. */
function scan(text: string, start: number, end: number): number {
  let count = 0;
  let i = start;
  isoTimeAt = -1;
  while (i < end) {
    let c = text.charCodeAt(i);
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    if (count === MAX_TOKENS) return -1;
    const tokenStart = i;
    while (i < end && (c = text.charCodeAt(i)) !== 32 && c !== 9) i++;
    let tokenEnd = i;
    if (text.charCodeAt(tokenEnd - 1) === 44) tokenEnd--; // `Jul 01, 2020`
    starts[count] = tokenStart;
    ends[count] = tokenEnd;
    const first = text.charCodeAt(tokenStart);
    let kind = Kind.Other;
    if (isLetter(first)) {
      kind = Kind.Word;
    } else if (isDigit(first) || ((first === 46 || first === 42) && isDigit(text.charCodeAt(tokenStart + 1)))) {
      const from = isDigit(first) ? tokenStart : tokenStart + 1;
      let j = from;
      let value = 0;
      while (j < tokenEnd && isDigit(text.charCodeAt(j))) value = value * 10 + text.charCodeAt(j++) - 48;
      if (j === tokenEnd && from === tokenStart) {
        kind = Kind.Number;
        values[count] = value;
      } else if (text.charCodeAt(j) === 58) {
        if (readTime(text, from, tokenEnd) === tokenEnd) kind = Kind.Time;
      } else if (j - from === 4 && text.charCodeAt(j) === 45 && from === tokenStart) {
        // ISO date `2021-11-17` (and `2024-07-02T13:13:37Z`)
        const m = (text.charCodeAt(j + 1) - 48) * 10 + (text.charCodeAt(j + 2) - 48);
        const d = (text.charCodeAt(j + 4) - 48) * 10 + (text.charCodeAt(j + 5) - 48);
        if (text.charCodeAt(j + 3) === 45 && m >= 0 && d >= 0) {
          kind = Kind.IsoDate;
          values[count] = value * 10_000 + m * 100 + d;
          if (text.charCodeAt(j + 6) === 84 /* T */) {
            let k = readTime(text, j + 7, tokenEnd);
            if (k === -1) kind = Kind.Other;
            else {
              isoTimeAt = count;
              if (k < tokenEnd) {
                // `Z` or `+05:30` glued to the time: the zone is the rest of the token.
                starts[count + 1] = k;
                ends[count + 1] = tokenEnd;
                kinds[count] = kind;
                count++;
                kind = Kind.Word;
                k = tokenEnd;
              }
            }
          } else if (j + 6 !== tokenEnd) kind = Kind.Other;
        }
      }
    }
    kinds[count] = kind;
    count++;
  }
  return count;
}

/** The three letters at `s`, lower-cased, as {@link code3}; -1 when not ASCII. */
function code3Of(text: string, s: number): number {
  const a = text.charCodeAt(s) | 32;
  const b = text.charCodeAt(s + 1) | 32;
  const c = text.charCodeAt(s + 2) | 32;
  return a > 255 || b > 255 || c > 255 ? -1 : code3(a, b, c);
}

/** The first three letters of token `index` as {@link code3}; -1 when the token is shorter. */
function code3At(text: string, index: number): number {
  const s = starts[index]!;
  return ends[index]! - s < 3 ? -1 : code3Of(text, s);
}

function digitAt(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48;
  return d >= 0 && d <= 9 ? d : -1;
}

/**
 * `Mar  5 02:01:03 2015 UTC` (000:558), the Smart Agent's format and most dates in a report, read at its fixed
 * columns; undefined when the text is not exactly that shape (the token scanner below reads it then). Gives what
 * the scanner gives for the same text.
 */
function agentTime(raw: string, options: DeviceTimeOptions | undefined): DeviceTime | null | undefined {
  if (raw.charCodeAt(3) !== 32 || raw.charCodeAt(6) !== 32 || raw.charCodeAt(9) !== 58 || raw.charCodeAt(12) !== 58 || raw.charCodeAt(15) !== 32 || raw.charCodeAt(20) !== 32) {
    return undefined;
  }
  const d1 = raw.charCodeAt(4) === 32 ? 0 : digitAt(raw, 4);
  const d2 = digitAt(raw, 5);
  const h1 = digitAt(raw, 7);
  const h2 = digitAt(raw, 8);
  const m1 = digitAt(raw, 10);
  const m2 = digitAt(raw, 11);
  const s1 = digitAt(raw, 13);
  const s2 = digitAt(raw, 14);
  const y1 = digitAt(raw, 16);
  const y2 = digitAt(raw, 17);
  const y3 = digitAt(raw, 18);
  const y4 = digitAt(raw, 19);
  if ((d1 | d2 | h1 | h2 | m1 | m2 | s1 | s2 | y1 | y2 | y3 | y4) < 0) return undefined;
  const n = raw.length;
  for (let i = 21; i < n; i++) if (!isLetter(raw.charCodeAt(i))) return undefined;
  const month = MONTHS.get(code3Of(raw, 0)) ?? 0;
  const year = y1 * 1000 + y2 * 100 + y3 * 10 + y4;
  if (month === 0 || year < 1000) return null;
  const zone = n === 24 && raw.charCodeAt(21) === 85 && raw.charCodeAt(22) === 84 && raw.charCodeAt(23) === 67 ? 'UTC' : raw.slice(21);
  return build(raw, year, month, d1 * 10 + d2, h1 * 10 + h2, m1 * 10 + m2, s1 * 10 + s2, 0, false, zone, options);
}

function monthAt(text: string, index: number): number {
  return MONTHS.get(code3At(text, index)) ?? 0;
}

function isDowAt(text: string, index: number): boolean {
  return DAYS_OF_WEEK.has(code3At(text, index));
}

/** A zone token; the common `UTC` is returned as the literal, which the zone cache finds without hashing a copy. */
function zoneText(text: string, index: number): string {
  const s = starts[index]!;
  if (ends[index]! - s === 3 && text.charCodeAt(s) === 85 && text.charCodeAt(s + 1) === 84 && text.charCodeAt(s + 2) === 67) return 'UTC';
  return text.slice(s, ends[index]!);
}

/**
 * Reads one printed date. Returns null when the text is not a date in any known format (callers keep the raw
 * string then); a date with an unknown zone returns `iso: null`. `raw` is the text as printed, trimmed.
 */
export function parseDeviceTime(text: string, options?: DeviceTimeOptions): DeviceTime | null {
  const raw = isVisibleAscii(text.charCodeAt(0)) && isVisibleAscii(text.charCodeAt(text.length - 1)) ? text : text.trim();
  if (raw.length < 8) return null;
  // `*May 27 09:54:57.783 UTC` (syslog, clock not synchronised): the mark is not part of the date.
  const c = raw.charCodeAt(0);
  if (isLetter(c)) {
    // A date that starts with a word starts with a month or a weekday (`Expired Not Rescheduled` does not).
    const code = code3Of(raw, 0);
    if (!MONTHS.has(code) && !DAYS_OF_WEEK.has(code)) return null;
    if (raw.length >= 22) {
      const agent = agentTime(raw, options);
      if (agent !== undefined) return agent;
    }
  }
  const from = (c === 42 || c === 46) && isLetter(raw.charCodeAt(1)) ? 1 : 0;
  const count = scan(raw, from, raw.length);
  if (count < 2) return null;
  let i = 0;
  // `2021-11-17 03:31:32.920 UTC`, `2024-07-02T13:13:37Z`
  if (kinds[0] === Kind.IsoDate) {
    const ymd = values[0]!;
    const y = Math.floor(ymd / 10_000);
    const mo = Math.floor((ymd % 10_000) / 100);
    const d = ymd % 100;
    let next = 1;
    if (isoTimeAt !== 0) {
      if (kinds[1] !== Kind.Time) return null;
      readTime(raw, starts[1]!, ends[1]!);
      next = 2;
    }
    let zone: string | null = null;
    if (next < count) {
      if (kinds[next] !== Kind.Word || next + 1 !== count) return null;
      zone = zoneText(raw, next);
    }
    return build(raw, y, mo, d, tHour, tMinute, tSecond, tMillis, tFraction, zone, options);
  }
  // `.15:09:55.102 UTC Wed Nov 10 2021` (exec header)
  if (kinds[0] === Kind.Time) {
    if (count !== 6 || kinds[1] !== Kind.Word || kinds[2] !== Kind.Word || kinds[3] !== Kind.Word || kinds[4] !== Kind.Number || kinds[5] !== Kind.Number) return null;
    const month = monthAt(raw, 3);
    if (month === 0 || !isDowAt(raw, 2)) return null;
    readTime(raw, raw.charCodeAt(starts[0]!) === 46 || raw.charCodeAt(starts[0]!) === 42 ? starts[0]! + 1 : starts[0]!, ends[0]!);
    return build(raw, values[5]!, month, values[4]!, tHour, tMinute, tSecond, tMillis, tFraction, zoneText(raw, 1), options);
  }
  if (kinds[0] !== Kind.Word) return null;
  if (isDowAt(raw, 0) && count > 1 && kinds[1] === Kind.Word) i = 1;
  const month = monthAt(raw, i);
  if (month === 0 || kinds[i + 1] !== Kind.Number) return null;
  const day = values[i + 1]!;
  let j = i + 2;
  let year: number | null = null;
  // `Feb 10 2023 11:27:20 UTC`
  if (kinds[j] === Kind.Number) {
    year = values[j]!;
    j++;
    if (kinds[j] !== Kind.Time) return null;
  } else if (kinds[j] !== Kind.Time) return null;
  const timeIndex = j;
  j++;
  let zone: string | null = null;
  if (j < count && kinds[j] === Kind.Word) {
    zone = zoneText(raw, j);
    j++;
  }
  // `Mar  5 02:01:03 2015 UTC`, `Tue Jul  2 13:13:37 UTC 2024`
  if (year === null && j < count && kinds[j] === Kind.Number) {
    year = values[j]!;
    j++;
    if (zone === null && j < count && kinds[j] === Kind.Word) {
      zone = zoneText(raw, j);
      j++;
    }
  }
  if (j !== count || (year !== null && (year < 1000 || year > 9999))) return null;
  const timeStart = starts[timeIndex]!;
  const c0 = raw.charCodeAt(timeStart);
  readTime(raw, c0 === 46 || c0 === 42 ? timeStart + 1 : timeStart, ends[timeIndex]!);
  return build(raw, year, month, day, tHour, tMinute, tSecond, tMillis, tFraction, zone, options);
}

/** Epoch milliseconds of a parsed time, or null when it has no absolute instant. */
export function deviceTimeMs(time: DeviceTime | null | undefined): number | null {
  if (time?.iso == null) return null;
  return Date.parse(time.iso);
}

/** Milliseconds per unit, by the unit word's first letter (`d`ays, `h`ours, `m`inutes, `s`econds). */
function unitMs(c: number): number {
  switch (c | 32) {
    case 100:
      return 86_400_000;
    case 104:
      return 3_600_000;
    case 109:
      return 60_000;
    case 115:
      return 1000;
    default:
      return 0;
  }
}

/**
 * `89 days, 23 hours, 25 minutes, 40 seconds` (000:693), `6 hours, 53 minutes, 4 seconds remaining`,
 * `90 days, 0 hours` (001:148), `Grace 119D 22H` → milliseconds; null when no part is found.
 */
export function parseDuration(text: string): number | null {
  let total = 0;
  let found = false;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57 || (i > 0 && isLetter(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    let value = 0;
    while (i < n && isDigit(text.charCodeAt(i))) value = value * 10 + text.charCodeAt(i++) - 48;
    while (i < n && text.charCodeAt(i) === 32) i++;
    const unitStart = i;
    while (i < n && isLetter(text.charCodeAt(i))) i++;
    if (i === unitStart) continue;
    const ms = unitMs(text.charCodeAt(unitStart));
    if (ms === 0) continue;
    total += value * ms;
    found = true;
  }
  return found ? total : null;
}
