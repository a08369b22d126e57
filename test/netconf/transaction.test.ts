import t from 'tap';
import type { Logger } from '../../src/log.js';
import { applyConfigTransaction } from '../../src/netconf/transaction.js';
import { selectPath } from '../../src/netconf/xml.js';
import { IOS_XE_NETCONF_PROFILE } from '../../src/emulator/netconf/profiles.js';
import { NC } from './helpers/raw-peer.js';
import { XE_NATIVE, connectInMemory, createTestDevice } from './helpers/test-device.js';

const hostnameConfig = (name: string): string => `<native xmlns="${XE_NATIVE}"><hostname>${name}</hostname></native>`;

/** A logger that calls `onInfo` for each info message (to react to "lock denied; backing off"). */
function spyLogger(onInfo: (msg: string) => void): Logger {
  const logger: Logger = {
    debug: () => undefined,
    info: (a: object | string, b?: string) => onInfo(typeof a === 'string' ? a : (b ?? '')),
    warn: () => undefined,
    error: () => undefined,
    child: () => logger,
  };
  return logger;
}

t.test('XE: lock candidate → edit → validate → commit → unlock', async (t) => {
  const { device, running } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  const result = await applyConfigTransaction(client, { config: hostnameConfig('tx1') });
  t.same(result, { target: 'candidate', committed: true, confirmPending: false, locked: ['candidate'], lockAttempts: 1 });
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'tx1');
  t.equal(device.lockHolder('candidate'), undefined, 'unlocked');
  t.notOk(device.candidateModified);
  await client.close();
});

t.test('a device with writable running only: edit running, no commit', async (t) => {
  const { device, running } = createTestDevice({ ...IOS_XE_NETCONF_PROFILE, name: 'cat9k-16.12', candidate: false });
  const { client } = await connectInMemory(device);
  const result = await applyConfigTransaction(client, { config: hostnameConfig('direct'), locks: ['running'] });
  t.match(result, { target: 'running', committed: false, locked: ['running'] });
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'direct');
  t.equal(device.lockHolder('running'), undefined);
  await client.close();
});

t.test('failure after the lock: discard-changes and unlock, then the original error', async (t) => {
  const { device, running } = createTestDevice('ios-xr');
  const { client } = await connectInMemory(device);
  const edit = applyConfigTransaction(client, {
    config: `<native xmlns="${XE_NATIVE}" xmlns:nc="${NC}"><hostname nc:operation="create">dup</hostname></native>`,
  });
  await t.rejects(edit, { code: 'E_NETCONF_RPC', tag: 'data-exists' }, 'edit-config error surfaces');
  t.equal(device.lockHolder('candidate'), undefined, 'unlocked after a failed edit');

  const commit = applyConfigTransaction(client, {
    config: `<native xmlns="${XE_NATIVE}"><hostname>bad-dns</hostname><ip><name-server><no-vrf>not-an-ip</no-vrf></name-server></ip></native>`,
  });
  await t.rejects(commit, { code: 'E_NETCONF_RPC', tag: 'invalid-value', errorType: 'application' }, 'the validator refused at commit');
  t.notOk(device.candidateModified, 'the candidate was discarded after the validate failure');
  t.equal(device.lockHolder('candidate'), undefined, 'and unlocked');
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'cbr8-1', 'running untouched');
  await client.close();
});

t.test('lock-denied is retried with backoff until the holder lets go', async (t) => {
  const { device, running } = createTestDevice('ios-xr');
  const { client } = await connectInMemory(device);
  await device.lockExternally('candidate');
  const denials: string[] = [];
  const result = await applyConfigTransaction(client, {
    config: hostnameConfig('after-wait'),
    lockRetry: { retries: 5, minTimeoutMs: 1, maxTimeoutMs: 20 },
    logger: spyLogger((msg) => {
      if (msg === 'lock denied; backing off') {
        denials.push(msg);
        if (denials.length === 2) void device.unlockExternally('candidate');
      }
    }),
  });
  t.equal(result.lockAttempts, 3, 'two denials, then the lock');
  t.equal(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, 'after-wait');
  await client.close();
});

t.test('lock-denied that never clears: bounded retries, nothing left locked', async (t) => {
  const { device } = createTestDevice('ios-xe');
  const { client } = await connectInMemory(device);
  const holder = await connectInMemory(device);
  await holder.client.lock('running');
  const attempt = applyConfigTransaction(client, {
    config: hostnameConfig('never'),
    locks: ['candidate', 'running'],
    lockRetry: { retries: 2, minTimeoutMs: 1, maxTimeoutMs: 5 },
  });
  await t.rejects(attempt, { code: 'E_NETCONF_RPC', tag: 'lock-denied' });
  t.equal(device.lockHolder('candidate'), undefined, 'the candidate lock taken on the way was given back');
  t.equal(device.lockHolder('running'), holder.client.sessionId);
  await holder.client.close();
  await client.close();
});

t.test('other lock errors are not retried', async (t) => {
  const { device } = createTestDevice({ ...IOS_XE_NETCONF_PROFILE, name: 'no-candidate', candidate: false });
  const { client } = await connectInMemory(device);
  let backoffs = 0;
  await t.rejects(
    applyConfigTransaction(client, { config: hostnameConfig('x'), target: 'candidate', logger: spyLogger(() => backoffs++) }),
    { code: 'E_NETCONF_RPC', tag: 'invalid-value' },
  );
  t.equal(backoffs, 0);
  await client.close();
});

t.test('two sessions racing: both transactions land, one after the other', async (t) => {
  const { device, running } = createTestDevice('ios-xr');
  const a = await connectInMemory(device);
  const b = await connectInMemory(device);
  const results = await Promise.all([
    applyConfigTransaction(a.client, { config: hostnameConfig('from-a'), lockRetry: { retries: 10, minTimeoutMs: 5, maxTimeoutMs: 50 } }),
    applyConfigTransaction(b.client, { config: hostnameConfig('from-b'), lockRetry: { retries: 10, minTimeoutMs: 5, maxTimeoutMs: 50 } }),
  ]);
  t.same(results.map((r) => r.committed), [true, true]);
  t.ok(results.some((r) => r.lockAttempts > 1), 'one of them had to wait');
  t.match(selectPath(running.getTree(), ['native', 'hostname'])[0]?.text, /^from-[ab]$/);
  await a.client.close();
  await b.client.close();
});

t.test('confirmed commit through the transaction', async (t) => {
  const { device, timers } = createTestDevice('ios-xr');
  const { client } = await connectInMemory(device);
  const result = await applyConfigTransaction(client, { config: hostnameConfig('trial'), confirmed: { timeoutSeconds: 120 } });
  t.equal(result.confirmPending, true);
  t.same(timers.pending, [120_000]);
  await client.commit();
  t.same(timers.pending, []);
  await t.rejects(applyConfigTransaction(client, { config: hostnameConfig('x'), target: 'running', confirmed: {} }), /needs the candidate datastore/);
  await client.close();
});
