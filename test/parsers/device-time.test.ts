import t from 'tap';
import { deviceTimeMs, parseDeviceTime, parseDuration, zoneOffset } from '../../src/parsers/device-time.js';

t.test('every printed date format → ISO 8601 UTC', async (t) => {
  const table: Array<[string, string | null, string | null]> = [
    // [printed, iso, local]
    ['Mar  5 02:01:03 2015 UTC', '2015-03-05T02:01:03Z', '2015-03-05T02:01:03'], // 000:558
    ['Sep  1 02:03:51 2015 UTC', '2015-09-01T02:03:51Z', '2015-09-01T02:03:51'],
    ['Feb 10 2023 11:27:20 UTC', '2023-02-10T11:27:20Z', '2023-02-10T11:27:20'], // ASA
    ['Jul 01 2020 07:14:24 UTC', '2020-07-01T07:14:24Z', '2020-07-01T07:14:24'], // 001:813
    ['Tue Jul 02 2024 13:13:37 UTC', '2024-07-02T13:13:37Z', '2024-07-02T13:13:37'],
    ['Mon Feb 11 2019 15:51:10 IST', '2019-02-11T10:21:10Z', '2019-02-11T15:51:10'], // 004:443
    ['Mar 13 08:09:24 2024 UTC', '2024-03-13T08:09:24Z', '2024-03-13T08:09:24'],
    ['Nov 08 10:31:23 2023 EDT', '2023-11-08T14:31:23Z', '2023-11-08T10:31:23'],
    ['Aug 03 09:03:25 2024 est', '2023-08-03T14:03:25Z'.replace('2023', '2024'), '2024-08-03T09:03:25'],
    ['Nov 14 13:45:00 2022 PDT', '2022-11-14T20:45:00Z', '2022-11-14T13:45:00'],
    ['Mar 07 00:33:56 2024 PST', '2024-03-07T08:33:56Z', '2024-03-07T00:33:56'],
    ['Jun 04 00:00:01 2023 CET', '2023-06-03T23:00:01Z', '2023-06-04T00:00:01'],
    ['2021-11-17 03:31:32.920 UTC', '2021-11-17T03:31:32.920Z', '2021-11-17T03:31:32.920'],
    ['.15:09:55.102 UTC Wed Nov 10 2021', '2021-11-10T15:09:55.102Z', '2021-11-10T15:09:55.102'],
    ['*17:05:54.449 UTC Mon Oct 28 2024', '2024-10-28T17:05:54.449Z', '2024-10-28T17:05:54.449'],
    ['11:04:51.711 PDT Fri Sep 1 2023', '2023-09-01T18:04:51.711Z', '2023-09-01T11:04:51.711'],
    ['Jan 05 2023 12:19:01 GMT+05:30', '2023-01-05T06:49:01Z', '2023-01-05T12:19:01'],
    ['Dec 31 23:30:00 2023 UTC-01:00', '2024-01-01T00:30:00Z', '2023-12-31T23:30:00'],
    // unknown zone: wall clock kept, no instant
    ['Apr 05 21:10:49 2023 pacific', null, '2023-04-05T21:10:49'],
    // no year: nothing absolute
    ['Mon Jul  6 07:25:24.369 UTC', null, null],
    ['*May 27 09:54:57.783 UTC', null, null],
    ['2024-07-02T13:13:37Z', '2024-07-02T13:13:37Z', '2024-07-02T13:13:37'],
    ['2024-07-02T13:13:37+05:30', '2024-07-02T07:43:37Z', '2024-07-02T13:13:37'],
    ['Tue Jul  2 13:13:37 UTC 2024', '2024-07-02T13:13:37Z', '2024-07-02T13:13:37'],
    ['Jul 01, 2020 07:14:24 UTC', '2020-07-01T07:14:24Z', '2020-07-01T07:14:24'],
    ['Feb 29 2024 13:21:17 UTC', '2024-02-29T13:21:17Z', '2024-02-29T13:21:17'],
  ];
  for (const [printed, iso, local] of table) {
    const time = parseDeviceTime(printed);
    t.ok(time, printed);
    t.equal(time?.iso ?? null, iso, `${printed} iso`);
    t.equal(time?.local ?? null, local, `${printed} local`);
    t.equal(time?.raw, printed.trim(), `${printed} raw kept as printed`);
  }
});

t.test('zones: table, numeric offsets, caller overrides, unknown', async (t) => {
  t.equal(zoneOffset('IST'), 330);
  t.equal(zoneOffset('est'), -300);
  t.equal(zoneOffset('GMT-06:00'), -360);
  t.equal(zoneOffset('UTC+5'), 300);
  t.equal(zoneOffset('pacific'), null);
  t.equal(zoneOffset('pacific', { Pacific: -480 }), -480);
  t.equal(zoneOffset('IST', { IST: 60 }), 60, 'a caller table overrides the built-in one');
  t.equal(parseDeviceTime('Apr 05 21:10:49 2023 pacific', { zones: { pacific: -420 } })?.iso, '2023-04-06T04:10:49Z');
  t.equal(parseDeviceTime('2015-03-13 13:12:13', { defaultZone: 'GMT-06:00' })?.iso, '2015-03-13T19:12:13Z');
  t.equal(parseDeviceTime('2015-03-13 13:12:13')?.iso, null, 'no zone printed and none given: no instant');
  t.equal(parseDeviceTime('Mon Jul  6 07:25:24.369 UTC', { year: 2020 })?.iso, '2020-07-06T07:25:24.369Z');
});

t.test('zone offsets carried over midnight, month and year ends; leap seconds and rounded-up milliseconds', async (t) => {
  const table: Array<[string, string, string]> = [
    // [printed, iso, local]
    ['Jan  1 02:00:00 2020 IST', '2019-12-31T20:30:00Z', '2020-01-01T02:00:00'],
    ['Feb 28 23:30:00 2024 PDT', '2024-02-29T06:30:00Z', '2024-02-28T23:30:00'],
    ['Feb 28 23:30:00 2023 PDT', '2023-03-01T06:30:00Z', '2023-02-28T23:30:00'],
    ['Dec 31 20:00:00 2023 PST', '2024-01-01T04:00:00Z', '2023-12-31T20:00:00'],
    ['Mar  1 00:10:00 2024 CET', '2024-02-29T23:10:00Z', '2024-03-01T00:10:00'],
    ['Mar 31 23:00:00 2024 GMT-06:00', '2024-04-01T05:00:00Z', '2024-03-31T23:00:00'],
    ['Dec 31 23:59:60 2016 UTC', '2017-01-01T00:00:00Z', '2017-01-01T00:00:00'],
    ['2021-11-17 03:31:59.9996 UTC', '2021-11-17T03:32:00.000Z', '2021-11-17T03:32:00.000'],
    ['0999-03-05 02:01:03 UTC', '0999-03-05T02:01:03Z', '0999-03-05T02:01:03'],
  ];
  for (const [printed, iso, local] of table) {
    const time = parseDeviceTime(printed);
    t.equal(time?.iso, iso, `${printed} iso`);
    t.equal(time?.local, local, `${printed} local`);
  }
  t.equal(parseDeviceTime('Mar  5 02:01:03 0999 UTC'), null, 'a three-digit year after the time is not a year');
  t.equal(parseDeviceTime('Mar  5 02:01:03 2015 UTC', { zones: { UTC: 60 } })?.iso, '2015-03-05T01:01:03Z', 'a caller table overrides UTC too');
  t.equal(parseDeviceTime('Mar  5 02:01:03 2015 UTC', { zones: { utc: 1440 } })?.iso, '2015-03-04T02:01:03Z', 'a whole day east');
});

t.test('not dates', async (t) => {
  for (const text of ['Never', 'None', '<none>', 'SUCCEEDED', 'Feb 30 2023 10:00:00 UTC', 'Feb 29 2023 10:00:00 UTC', 'Foo 10 2023 10:00:00 UTC', 'Mar 5 25:01:03 2015 UTC', 'Mar 5 02:01:03 2015 UTC extra words', 'SUCCEEDED on Mar 5', '13:12', '']) {
    t.equal(parseDeviceTime(text), null, JSON.stringify(text));
  }
  t.equal(deviceTimeMs(null), null);
  t.equal(deviceTimeMs(parseDeviceTime('Jan 01 2020 00:00:00 UTC')), Date.UTC(2020, 0, 1));
});

t.test('durations', async (t) => {
  const table: Array<[string, number | null]> = [
    ['89 days, 23 hours, 25 minutes, 40 seconds', ((89 * 24 + 23) * 3600 + 25 * 60 + 40) * 1000], // 000:693
    ['6 hours, 53 minutes, 4 seconds remaining', (6 * 3600 + 53 * 60 + 4) * 1000],
    ['90 days, 0 hours', 90 * 86_400_000], // 001:148
    ['89 days, 1 hours, 33 minutes, 51 seconds', ((89 * 24 + 1) * 3600 + 33 * 60 + 51) * 1000],
    ['Grace 119D 22H', (119 * 24 + 22) * 3_600_000],
    ['Not Available', null],
  ];
  for (const [text, ms] of table) t.equal(parseDuration(text), ms, text);
});
