/**
 * Date texts as the devices print them (all UTC):
 * - IOS-XR exec timestamp `Tue Jul  2 13:13:37.123 UTC` (seed 001:565 `Mon Jul  6 07:25:24.369 UTC`)
 * - IOS-XR config header `Tue Jul  2 13:13:37 2024`
 * - IOS-XE config header / clock `13:13:37 UTC Tue Jul 2 2024`
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

function parts(ms: number): { day: string; month: string; date: number; year: number; hms: string; millis: string } {
  const d = new Date(ms);
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return {
    day: DAYS[d.getUTCDay()] ?? 'Sun',
    month: MONTHS[d.getUTCMonth()] ?? 'Jan',
    date: d.getUTCDate(),
    year: d.getUTCFullYear(),
    hms: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
    millis: pad(d.getUTCMilliseconds(), 3),
  };
}

export function xrTimestamp(ms: number): string {
  const p = parts(ms);
  return `${p.day} ${p.month} ${String(p.date).padStart(2, ' ')} ${p.hms}.${p.millis} UTC`;
}

export function xrConfigDate(ms: number): string {
  const p = parts(ms);
  return `${p.day} ${p.month} ${String(p.date).padStart(2, ' ')} ${p.hms} ${p.year}`;
}

export function xeConfigDate(ms: number): string {
  const p = parts(ms);
  return `${p.hms} UTC ${p.day} ${p.month} ${p.date} ${p.year}`;
}

/** IOS-XE `show clock`: `*13:13:37.123 UTC Tue Jul 2 2024`. */
export function xeClock(ms: number): string {
  const p = parts(ms);
  return `*${p.hms}.${p.millis} UTC ${p.day} ${p.month} ${p.date} ${p.year}`;
}

/** IOS-XR `show clock`: `13:13:37.123 UTC Tue Jul 02 2024`. */
export function xrClock(ms: number): string {
  const p = parts(ms);
  return `${p.hms}.${p.millis} UTC ${p.day} ${p.month} ${String(p.date).padStart(2, '0')} ${p.year}`;
}

/** `2 weeks, 3 days, 4 hours, 5 minutes` (IOS-XE uptime) or without commas (IOS-XR). */
export function uptimeText(ms: number, commas: boolean): string {
  let minutes = Math.max(0, Math.floor(ms / 60_000));
  const units: [string, number][] = [
    ['year', 525_600],
    ['week', 10_080],
    ['day', 1_440],
    ['hour', 60],
    ['minute', 1],
  ];
  const out: string[] = [];
  for (const [name, size] of units) {
    const n = Math.floor(minutes / size);
    minutes -= n * size;
    if (n > 0 || (name === 'minute' && out.length === 0)) out.push(`${n} ${name}${n === 1 ? '' : 's'}`);
  }
  return out.join(commas ? ', ' : ' ');
}

/** Smart Agent dates on IOS-XE: `Mar  5 02:01:03 2015 UTC` (seed 000:558). */
export function xeLicenseDate(ms: number): string {
  const p = parts(ms);
  return `${p.month} ${String(p.date).padStart(2, ' ')} ${p.hms} ${p.year} UTC`;
}

/** Smart Agent dates on IOS-XR: `Jul 01 2020 07:14:24 UTC` (seed 001:813). */
export function xrLicenseDate(ms: number): string {
  const p = parts(ms);
  return `${p.month} ${String(p.date).padStart(2, '0')} ${p.year} ${p.hms} UTC`;
}

/** IOS-XR platform licensing dates with the weekday: `Mon Jan 25 2021 21:30:42 UTC` (seed 001:125). */
export function xrPlatformDate(ms: number): string {
  return `${parts(ms).day} ${xrLicenseDate(ms)}`;
}

/** Certificate dates in `show license tech support`: `Mar 5 01:57:54 2015 UTC` (seed 000:798, no padding). */
export function xeCertificateDate(ms: number): string {
  const p = parts(ms);
  return `${p.month} ${p.date} ${p.hms} ${p.year} UTC`;
}

/** `show call-home smart-licensing statistics` Last-sent column: `2015-03-13 13:12:13` (seed 000:1001). */
export function callHomeStatisticsDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Syslog timestamp with `service timestamps log datetime msec … show-timezone`: `May 27 09:54:57.783 UTC` (004:635). */
export function syslogTimestamp(ms: number): string {
  const p = parts(ms);
  return `${p.month} ${String(p.date).padStart(2, ' ')} ${p.hms}.${p.millis} UTC`;
}
