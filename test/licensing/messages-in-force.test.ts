/**
 * Which licensing syslog messages still describe the device: failures superseded by a later success in the
 * buffer, by a success after their time, or (undated) by a succeeding latest communication are over.
 */
import t from 'tap';
import { isSuccessMnemonic, lastSuccessAt, messagesInForce, type LicensingMessage } from '../../src/licensing/messages-in-force.js';
import type { LicensingSnapshot } from '../../src/licensing/snapshot.js';

const T = Date.parse('2026-05-02T00:00:00Z');
const SYNC: LicensingMessage = { mnemonic: 'AUTH_RENEW_FAILED', text: 'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:NCS1004,SN:CAT1' };
const COMM: LicensingMessage = { mnemonic: 'COMM_FAILED', text: 'Communications failure with Cisco licensing cloud: Fail to send out Call Home HTTP message.' };
const REG_OK: LicensingMessage = { mnemonic: 'AGENT_REG_SUCCESS', text: 'Smart Agent for Licensing Registration with Cisco licensing cloud successful for udi PID:NCS1004,SN:CAT1' };
const DEREG_FAILED: LicensingMessage = { mnemonic: 'AGENT_DEREG_FAILED', text: 'Smart Agent for Licensing DeRegistration with Cisco licensing cloud failed' };

const failing: LicensingSnapshot = { registration: { status: 'registered' }, authorization: { status: 'authorized', lastCommunication: { result: 'failed', at: T } } };
const communicating: LicensingSnapshot = { registration: { status: 'registered' }, authorization: { status: 'authorized', lastCommunication: { result: 'succeeded', at: T } } };
const registeredAt = (at: number): LicensingSnapshot => ({ registration: { status: 'registered', registeredAt: at }, authorization: { status: 'authorized', lastCommunication: { result: 'failed', at: at + 1000 } } });

const ROWS: ReadonlyArray<{ name: string; messages: LicensingMessage[]; snapshot: LicensingSnapshot; inForce: LicensingMessage[] }> = [
  { name: 'no success anywhere: every failure counts', messages: [SYNC, COMM], snapshot: failing, inForce: [SYNC, COMM] },
  { name: 'the sync-loss procedure: failures before the forced registration are over, a later outage is not', messages: [SYNC, SYNC, DEREG_FAILED, REG_OK, COMM], snapshot: failing, inForce: [COMM] },
  { name: 'a success last in the buffer ends everything', messages: [COMM, SYNC, REG_OK], snapshot: failing, inForce: [] },
  { name: 'undated lines while the latest communication succeeded are over', messages: [SYNC, COMM], snapshot: communicating, inForce: [] },
  { name: 'a dated failure before the registration is over', messages: [{ ...SYNC, at: T - 1000 }], snapshot: registeredAt(T), inForce: [] },
  { name: 'a dated failure after the registration counts', messages: [{ ...SYNC, at: T + 500 }], snapshot: registeredAt(T), inForce: [{ ...SYNC, at: T + 500 }] },
  { name: 'a dated failure at the last success counts', messages: [{ ...SYNC, at: T }], snapshot: communicating, inForce: [{ ...SYNC, at: T }] },
];

t.test('messagesInForce', async (t) => {
  for (const row of ROWS) t.same(messagesInForce(row.messages, row.snapshot), row.inForce, row.name);
});

t.test('success mnemonics and the last success', async (t) => {
  for (const m of ['AGENT_REG_SUCCESS', 'AUTH_RENEW_SUCCESS', 'ID_CERT_RENEW_SUCCESS', 'AGENT_DEREG_SUCCESS']) t.ok(isSuccessMnemonic(m), m);
  for (const m of ['AGENT_REG_FAILED', 'COMM_RESTORED', 'AUTH_RENEW_FAILED', 'SUCCESS_X']) t.notOk(isSuccessMnemonic(m), m);
  t.equal(lastSuccessAt(failing), undefined);
  t.equal(lastSuccessAt(communicating), T);
  t.equal(lastSuccessAt({ registration: { status: 'registered', registeredAt: T - 5, lastRenewal: { result: 'succeeded', at: T + 5 } } }), T + 5);
});

t.test('exported from the package root', async (t) => {
  const root = await import('../../src/index.js');
  t.equal(root.messagesInForce, messagesInForce);
  t.equal(root.lastSuccessAt, lastSuccessAt);
  t.equal(root.isSuccessMnemonic, isSuccessMnemonic);
});
