import { readFileSync } from 'node:fs';
import t from 'tap';
import { parseLogging } from '../../src/parsers/show-logging.js';
import { deviceTimeMs } from '../../src/parsers/device-time.js';
import type { LicensingSnapshot } from '../../src/licensing/snapshot.js';
import { detectSyncLoss, type SyslogHit } from '../../src/workflows/sync-loss.js';

const SEEDS = new URL('../parsers/fixtures/seeds/004-ncs1004/', import.meta.url);
const seedHits = (file: string): SyslogHit[] =>
  parseLogging(readFileSync(new URL(file, SEEDS), 'utf8'), { platform: 'ios-xr', year: 2021 }).messages.map((m) => ({ mnemonic: m.id.mnemonic, text: m.text, at: deviceTimeMs(m.timestamp) ?? 0 }));

const SEED_REASON = 'Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM';
const AT = Date.parse('2021-05-27T09:54:57.783Z');
const registered = (extra: Partial<LicensingSnapshot> = {}): LicensingSnapshot => ({
  registration: { status: 'registered', registeredAt: AT - 86_400_000 },
  authorization: { status: 'authorized', lastCommunication: { result: 'succeeded', at: AT - 3_600_000 } },
  ...extra,
});

t.test('the seed syslog (004:627-647) is a sync loss; the deregistration failure (004:661-677) alone is not', async (t) => {
  const renew = seedHits('show-logging.627-647.txt');
  t.equal(renew.length, 1);
  const lost = detectSyncLoss(registered(), renew);
  t.same(lost, { lost: true, sources: ['syslog'], evidence: [`Authorization renewal with the Cisco Smart Software Manager (CSSM) : ${SEED_REASON}`], stale: 0 });
  t.same(detectSyncLoss(registered(), seedHits('show-logging.661-677.txt')), { lost: false, sources: [], evidence: [], stale: 0 });
});

t.test('from the status: the failure reason of the last communication or renewal', async (t) => {
  const failed = registered({ authorization: { status: 'authorized', lastCommunication: { result: 'failed', at: AT, failureReason: SEED_REASON } } });
  t.same(detectSyncLoss(failed, []), { lost: true, sources: ['status'], evidence: [SEED_REASON], stale: 0 });
  const both = detectSyncLoss(failed, seedHits('show-logging.627-647.txt'));
  t.same(both.sources, ['status', 'syslog']);
  const renewal = registered({ registration: { status: 'registered', lastRenewal: { result: 'failed', at: AT, failureReason: SEED_REASON } } });
  t.equal(detectSyncLoss(renewal, []).lost, true);
  const other = registered({ authorization: { status: 'authorized', lastCommunication: { result: 'failed', at: AT, failureReason: 'Fail to send out Call Home HTTP message.' } } });
  t.equal(detectSyncLoss(other, []).lost, false, 'a communication failure is not a sync loss');
});

t.test('stale lines: superseded by a later success, or (without a timestamp) by a succeeding status', async (t) => {
  const later = registered({ authorization: { status: 'authorized', lastCommunication: { result: 'succeeded', at: AT + 60_000 } } });
  t.same(detectSyncLoss(later, seedHits('show-logging.627-647.txt')), { lost: false, sources: [], evidence: [], stale: 1 });
  const reRegistered = registered({ registration: { status: 'registered', registeredAt: AT + 60_000 }, authorization: { status: 'authorized' } });
  t.equal(detectSyncLoss(reRegistered, seedHits('show-logging.627-647.txt')).stale, 1);
  const undated: SyslogHit = { mnemonic: 'AUTH_RENEW_FAILED', text: SEED_REASON };
  t.equal(detectSyncLoss(registered(), [undated]).lost, false, 'an undated line while the device communicates is stale');
  t.equal(detectSyncLoss({ registration: { status: 'unregistered' } }, [undated]).lost, true, 'an undated line on a deregistered device still counts');
  t.equal(detectSyncLoss({ registration: { status: 'unregistered' }, messages: [undated] }, []).lost, true, 'syslog kept in the snapshot counts too');
});
