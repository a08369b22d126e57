/**
 * A failed registration as real agents print it: the attempt, its indented `Failure reason:` and the automatic
 * retry (`Next Registration Attempt:`, 24 h later, 004:236) — read without unparsed lines.
 */
import t from 'tap';
import { parse } from '../../src/parsers/parse.js';
import type { LicenseReport } from '../../src/parsers/types.js';

t.test('show license status with a registration that failed on communication', async (t) => {
  const text = [
    '',
    'Smart Licensing is ENABLED',
    '',
    'Registration:',
    '  Status: UNREGISTERED - REGISTRATION FAILED',
    '  Initial Registration: FAILED on Mar  5 02:01:03 2015 UTC',
    '    Failure reason: Fail to send out Call Home HTTP message.',
    '  Next Registration Attempt: Mar  6 02:01:03 2015 UTC',
    '',
    'License Authorization:',
    '  Status: EVAL MODE',
    '  Evaluation Period Remaining: 89 days, 23 hours, 59 minutes, 0 seconds',
    '',
  ].join('\n');
  const r = parse('show license status', text, { platform: 'ios-xe' }) as LicenseReport;
  t.same(r.unparsed, []);
  t.equal(r.registration?.status, 'registration-failed');
  t.equal(r.registration?.initialRegistration?.result, 'failed');
  t.equal(r.registration?.initialRegistration?.failureReason, 'Fail to send out Call Home HTTP message.');
  t.equal(r.registration?.nextRegistrationAttempt?.iso, '2015-03-06T02:01:03Z');
  t.equal(r.authorization?.status, 'evaluation');
  t.equal(r.authorization?.evaluationPeriodRemaining?.ms, ((89 * 24 + 23) * 60 + 59) * 60_000);
});
