/** Parsed seed outputs → domain snapshot → compliance, the path the driver takes for `smartlic status`. */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { DAY, ManualClock } from '../../src/clock.js';
import { evaluateCompliance } from '../../src/licensing/compliance.js';
import { licensingSnapshot } from '../../src/parsers/licensing-snapshot.js';
import { parse } from '../../src/parsers/parse.js';

const SEEDS = new URL('./fixtures/seeds/', import.meta.url);
const seed = (file: string): string => readFileSync(new URL(file, SEEDS), 'utf8');

t.test('cBR-8 show license all (000:545-603): OOC now, AUTH EXPIRED and locked 91 days later', async (t) => {
  const all = parse('show license all', seed('000-cbr8/show-license-all.545-603.txt'), { platform: 'ios-xe' });
  const snapshot = licensingSnapshot([all], { model: 'cBR-8' });
  t.same(snapshot.registration, { status: 'registered', registeredAt: Date.parse('2015-03-05T02:01:03Z'), nextRenewalAt: Date.parse('2015-09-01T02:03:51Z'), expiresAt: null });
  t.equal(snapshot.authorization?.deadlineAt, Date.parse('2015-06-03T03:32:51Z'));
  t.same(snapshot.entitlements?.map((e) => [e.tag, e.status]), [
    ['US_License', 'authorized'],
    ['DS_License', 'authorized'],
    ['WAN_License', 'out-of-compliance'],
  ]);
  const now = evaluateCompliance(snapshot, new ManualClock('2015-03-05T04:00:00Z'));
  t.same(now.findings.map((f) => f.code), ['out-of-compliance']);
  t.same(now.findings[0]!.entitlements, ['WAN_License']);
  t.equal(now.enforcement, 'none');
  const later = evaluateCompliance(snapshot, new ManualClock(Date.parse('2015-03-05T04:00:00Z') + 91 * DAY));
  t.equal(later.enforcement, 'auth-expired');
  t.ok(later.findings.some((f) => f.code === 'authorization-expired'));
  t.ok(later.findings.some((f) => f.code === 'cli-locked'));
});

t.test('NCS 560 unregistered, EVAL EXPIRED (001:564-639) plus SIA grace expired (001:163-178)', async (t) => {
  const all = parse('show license all', seed('001-ncs560/show-license-all.564-639.txt'), { platform: 'ios-xr' });
  const sia = parse('show license platform summary', seed('001-ncs560/show-license-platform-summary.163-178.txt'), { platform: 'ios-xr' });
  const snapshot = licensingSnapshot([all, sia], { model: 'NCS-560' });
  t.equal(snapshot.platform, 'ios-xr');
  t.equal(snapshot.sia?.status, 'out-of-compliance-grace-expired');
  const r = evaluateCompliance(snapshot, new ManualClock('2020-07-06T07:25:24Z'));
  t.same(r.findings.map((f) => f.code), ['not-registered', 'evaluation-expired', 'sia-grace-expired']);
  t.equal(r.status, 'critical');
  t.same(r.actions.map((a) => a.command), ['license smart register idtoken <id-token>']);
});

t.test('NCS 1004 sync loss (004:290-391 + 004:627-647)', async (t) => {
  const all = parse('show license all', seed('004-ncs1004/show-license-all.290-391.txt'), { platform: 'ios-xr' });
  const log = parse('show logging | i "Data and signature"', seed('004-ncs1004/show-logging.627-647.txt'), { platform: 'ios-xr' });
  const snapshot = licensingSnapshot([all, log], { model: 'NCS-1004' });
  t.equal(snapshot.messages?.[0]?.mnemonic, 'AUTH_RENEW_FAILED');
  const r = evaluateCompliance(snapshot, new ManualClock('2021-09-22T11:48:19Z'));
  t.same(r.findings.map((f) => f.code), ['sync-lost']);
  t.same(r.actions.map((a) => a.command), ['license smart deregister', 'license smart register idtoken <id-token> force']);
  t.equal(r.timers.communicationDeadlineAt, Date.parse('2021-12-08T06:10:41Z'));
});

t.test('tech support evaluation remaining and capture time (000:668-904)', async (t) => {
  const tech = parse('show license tech support', seed('000-cbr8/show-license-tech-support.668-904.txt'), { platform: 'ios-xe' });
  const snapshot = licensingSnapshot([tech]);
  t.equal(snapshot.observedAt, Date.parse('2015-03-05T03:37:46Z'), 'Current time of the scheduled jobs');
  t.same(snapshot.evaluation, { inUse: false, remainingMs: ((89 * 24 + 23) * 3600 + 25 * 60 + 40) * 1000 });
  t.equal(snapshot.entitlements?.[0]?.tag, 'US_License', 'short tag from the regid');
});

t.test('ASA renewal failure with a failure reason (corpus-style classic output)', async (t) => {
  const text = [
    'Smart Licensing is ENABLED',
    '',
    'Registration:',
    '  Status: REGISTERED',
    '  Initial Registration: SUCCEEDED on Dec 03 16:43:48 2018 UTC',
    '  Last Renewal Attempt: FAILED on Dec 03 18:40:22 2018 UTC',
    '    Failure reason: Communication message send error',
    '',
    'License Authorization: ',
    '  Status: AUTHORIZED on Dec 03 18:40:28 2018 UTC',
    '  Last Communication Attempt: FAILED on Dec 03 18:40:28 2018 UTC',
    '    Failure reason: Communication message send error',
    '  Communication Deadline: Mar 03 16:37:55 2019 UTC',
  ].join('\n');
  const snapshot = licensingSnapshot([parse('show license status', text, { platform: 'asa' })]);
  t.same(snapshot.registration?.lastRenewal, { result: 'failed', at: Date.parse('2018-12-03T18:40:22Z'), failureReason: 'Communication message send error' });
  const r = evaluateCompliance(snapshot, new ManualClock('2018-12-03T19:00:00Z'));
  t.same(r.findings.map((f) => f.code), ['id-cert-renewal-failed', 'communication-failed']);
  t.equal(r.findings[1]!.failure?.commCause, 'http');
});
