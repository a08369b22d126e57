/**
 * How the emulated agents write times in their NETCONF state: ISO 8601 UTC with milliseconds. That is a
 * yang:date-and-time for IOS-XE; IOS-XR types its times as plain strings ([INF] same text). The milliseconds keep
 * two attempts a second apart (or less) from reading the same.
 */
export function yangDateTime(ms: number): string {
  return new Date(ms).toISOString();
}
