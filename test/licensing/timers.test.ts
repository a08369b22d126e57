import t from 'tap';
import { DAY, HOUR } from '../../src/clock.js';
import { InvalidArgumentError } from '../../src/errors.js';
import {
  communicationDeadline,
  evaluationExpiry,
  evaluationRemaining,
  formatRemaining,
  idCertExpiryWarning,
  isAuthorizationExpired,
  isEvaluationExpired,
  nextAuthorizationRenewal,
  nextCommunicationAttempt,
  nextRegistrationRenewal,
  nextRegistrationRetry,
  registrationExpiry,
  timeUntil,
  toEpochMs,
} from '../../src/licensing/timers.js';

const utc = (iso: string): number => Date.parse(iso);
/** The agents schedule from internal timestamps: printed times are within minutes of the rule. */
const TOLERANCE = 15 * 60_000;

t.test('rules against the times the seeds print', async (t) => {
  const table: Array<[string, (from: number) => number, string, string]> = [
    // [what (seed lines), rule, from, printed]
    ['next renewal, cBR-8 (000:558-560)', nextRegistrationRenewal, '2015-03-05T02:01:03Z', '2015-09-01T02:03:51Z'],
    ['next renewal, NCS 560 (001:813-815)', nextRegistrationRenewal, '2020-07-01T07:14:24Z', '2020-12-28T07:14:23Z'],
    ['next renewal, NCS 1004 (004:305-307, IST)', nextRegistrationRenewal, '2021-06-21T07:10:52Z', '2021-12-18T07:10:51Z'],
    ['next renewal, NCS 1004 leap year (004:780-782)', nextRegistrationRenewal, '2019-12-06T02:54:27Z', '2020-06-03T02:54:26Z'],
    ['registration expires, NCS 560 (001:813, 816)', registrationExpiry, '2020-07-01T07:14:24Z', '2021-07-01T07:01:42Z'],
    ['registration expires, NCS 1004 (004:780, 783)', registrationExpiry, '2019-12-06T02:54:27Z', '2020-12-05T02:49:42Z'],
    ['ID certificate, cBR-8 (000:798-800)', registrationExpiry, '2015-03-05T01:57:54Z', '2016-03-04T01:57:54Z'],
    ['communication deadline, cBR-8 (000:565-567)', communicationDeadline, '2015-03-05T03:35:57Z', '2015-06-03T03:32:51Z'],
    ['communication deadline, NCS 560 (001:820-822)', communicationDeadline, '2020-07-05T19:15:51Z', '2020-10-03T19:10:49Z'],
    ['communication deadline, NCS 1004 (004:456-458)', communicationDeadline, '2019-02-11T10:23:40Z', '2019-05-12T10:17:29Z'],
    ['next authorization renewal (004:313-314)', nextAuthorizationRenewal, '2021-09-09T06:15:43Z', '2021-10-09T06:15:42Z'],
    ['next authorization renewal (004:456-457)', nextAuthorizationRenewal, '2019-02-11T10:23:40Z', '2019-03-13T10:23:39Z'],
  ];
  for (const [what, rule, from, printed] of table) {
    const computed = rule(utc(from));
    t.ok(Math.abs(computed - utc(printed)) <= TOLERANCE, `${what}: ${new Date(computed).toISOString()} ≈ ${printed}`);
  }
  // Exact rule values.
  t.equal(nextRegistrationRenewal('2015-03-05T02:01:03Z'), utc('2015-09-01T02:01:03Z'), '+180 days');
  t.equal(registrationExpiry('2015-03-05T01:57:54Z'), utc('2016-03-04T01:57:54Z'), '+365 days');
  t.equal(communicationDeadline('2015-03-05T03:35:57Z'), utc('2015-06-03T03:35:57Z'), '+90 days');
  t.equal(nextAuthorizationRenewal('2015-03-05T03:35:57Z'), utc('2015-04-04T03:35:57Z'), '+30 days');
  // 000:771-777: IdCert Expiration Warning Jan 4 = Certificate Expiration Check Mar 4 − 60 days.
  t.equal(idCertExpiryWarning('2016-03-04T02:00:41Z'), utc('2016-01-04T02:00:41Z'));
});

t.test('next communication attempt by state', async (t) => {
  const last = utc('2020-07-05T19:15:51Z');
  const table: Array<[Parameters<typeof nextCommunicationAttempt>[1], Parameters<typeof nextCommunicationAttempt>[2], number | null]> = [
    ['out-of-compliance', 'succeeded', last + 12 * HOUR], // 001:820-821
    ['authorized', 'succeeded', last + 30 * DAY], // 004:313-314
    ['authorization-expired', 'succeeded', last + HOUR], // 004:283
    ['authorized', 'failed', last + HOUR], // [INF]
    ['evaluation', 'succeeded', null],
    ['evaluation-expired', 'succeeded', null],
  ];
  for (const [status, result, expected] of table) t.equal(nextCommunicationAttempt(last, status, result), expected, `${status}/${result}`);
  // 001:820-821 printed the +12 h cadence one second early.
  t.ok(Math.abs(nextCommunicationAttempt(last, 'out-of-compliance')! - utc('2020-07-06T07:15:50Z')) <= TOLERANCE);
});

t.test('evaluation: 90 days, expired strictly after', async (t) => {
  const start = utc('2019-05-02T10:11:28Z');
  t.equal(evaluationExpiry(start), start + 90 * DAY);
  const table: Array<[number, number, boolean]> = [
    // [elapsed, remaining, expired]
    [0, 90 * DAY, false],
    [89 * DAY, DAY, false],
    [90 * DAY, 0, false],
    [90 * DAY + 1, 0, true],
    [200 * DAY, 0, true],
  ];
  for (const [elapsed, remaining, expired] of table) {
    t.equal(evaluationRemaining(start, start + elapsed), remaining, `remaining after ${elapsed} ms`);
    t.equal(isEvaluationExpired(start, start + elapsed), expired, `expired after ${elapsed} ms`);
  }
  // 001:577: EVAL EXPIRED on Jul 31 2019 10:11:28 UTC → started 90 days before.
  t.equal(evaluationExpiry('2019-05-02T10:11:28Z'), utc('2019-07-31T10:11:28Z'));
});

t.test('authorization expiry and registration retry', async (t) => {
  const last = utc('2021-01-01T00:00:00Z');
  t.equal(isAuthorizationExpired(last, last + 90 * DAY), false, 'at the deadline: not yet');
  t.equal(isAuthorizationExpired(last, last + 90 * DAY + 1), true, 'after the deadline');
  t.equal(nextRegistrationRetry(last), last + 24 * HOUR, '004:236');
  t.equal(timeUntil(last + 5000, last), 5000);
  t.equal(timeUntil(last, last + 5000), -5000);
});

t.test('instants', async (t) => {
  t.equal(toEpochMs(new Date(5)), 5);
  t.equal(toEpochMs('1970-01-01T00:00:01Z'), 1000);
  t.throws(() => toEpochMs('not a date'), InvalidArgumentError);
  t.throws(() => nextAuthorizationRenewal(Number.NaN), InvalidArgumentError);
});

t.test('remaining time printed like the agent', async (t) => {
  const table: Array<[number, string]> = [
    [((89 * 24 + 23) * 3600 + 25 * 60 + 40) * 1000, '89 days, 23 hours, 25 minutes, 40 seconds'], // 000:693
    [(6 * 3600 + 53 * 60 + 4) * 1000, '6 hours, 53 minutes, 4 seconds'],
    [(8 * 60 + 10) * 1000, '8 minutes, 10 seconds'],
    [((89 * 24 + 1) * 3600 + 33 * 60 + 51) * 1000, '89 days, 1 hours, 33 minutes, 51 seconds'],
    [-5, '0 seconds'],
  ];
  for (const [ms, text] of table) t.equal(formatRemaining(ms), text);
});
