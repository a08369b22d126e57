import t from 'tap';
import { connect as tlsConnect } from 'node:tls';
import { CssmFaults } from '../../../src/emulator/cssm/index.js';
import { CBR8, accessToken, postDevice, startTestCssm } from './helpers.js';

const renew = { messageType: 'RENEW_AUTH', udi: CBR8, usage: [] };

async function registered(t: { teardown(fn: () => unknown): void }, options: Parameters<typeof startTestCssm>[1] = {}) {
  const cssm = await startTestCssm(t, options);
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, idToken: cssm.createToken().token.reveal() });
  return cssm;
}

function errorCode(error: unknown): string | undefined {
  const e = error as { cause?: { code?: string }; code?: string };
  return e.cause?.code ?? e.code;
}

t.test('unreachable (reset): connections are dropped, for a scope; reachable again after', async (t) => {
  const cssm = await registered(t);
  await cssm.faults.unreachable();
  await t.rejects(postDevice(cssm.url, renew), 'device call dropped');
  await t.rejects(fetch(`${cssm.url}/oauth2/default/v1/token`, { method: 'POST' }), 'API call dropped');
  t.ok(cssm.stats().faulted >= 2);
  t.same(cssm.faults.snapshot().unreachable, { mode: 'reset', scope: 'all' });
  await cssm.faults.reachable();
  t.equal((await postDevice(cssm.url, renew)).body['status'], 'SUCCESS');

  await cssm.faults.unreachable('reset', 'device');
  await t.rejects(postDevice(cssm.url, renew), 'device scope: device call dropped');
  const token = await accessToken(cssm);
  t.ok(token, 'device scope: the API still answers');
  await cssm.faults.reachable();
  t.equal((await postDevice(cssm.url, renew)).body['status'], 'SUCCESS');
});

t.test('unreachable (refuse): the listeners close (ECONNREFUSED) and reopen on the same port', async (t) => {
  const cssm = await registered(t, { https: true });
  const port = cssm.port;
  await cssm.faults.unreachable('refuse', 'device');
  t.same(cssm.faults.snapshot().unreachable, { mode: 'refuse', scope: 'all' }, 'refusing is for every kind of traffic');
  const error = await postDevice(cssm.url, renew).catch((e: unknown) => e);
  t.equal(errorCode(error), 'ECONNREFUSED');
  const tlsError = await fetch(`${cssm.httpsUrl}/`).catch((e: unknown) => e);
  t.equal(errorCode(tlsError), 'ECONNREFUSED', 'HTTPS listener closed too');
  await cssm.faults.reachable();
  t.equal(cssm.port, port);
  t.equal((await postDevice(cssm.url, renew)).body['status'], 'SUCCESS', 'listening again on the same port');
});

t.test('slow: answers wait; a client with a shorter timeout gives up', async (t) => {
  const cssm = await registered(t);
  cssm.faults.slow(3000, 'device');
  t.same(cssm.faults.snapshot().delay, { ms: 3000, scope: 'device' });
  const aborted = await fetch(`${cssm.url}/its/service/oddce/services/DDCEService`, {
    method: 'POST',
    body: JSON.stringify(renew),
    signal: AbortSignal.timeout(100),
  }).catch((e: unknown) => e as Error);
  t.equal((aborted as Error).name, 'TimeoutError');
  t.ok(await accessToken(cssm), 'API scope not delayed');
  cssm.faults.slow(50);
  t.equal((await postDevice(cssm.url, renew)).body['status'], 'SUCCESS', 'a slow answer still arrives');
  cssm.faults.slow(0);
  t.equal(cssm.faults.snapshot().delay, null);
  t.throws(() => cssm.faults.slow(-1), RangeError);
});

t.test('HTTP 5xx: the next N requests, then normal', async (t) => {
  const cssm = await registered(t);
  cssm.faults.failNext(2, 503, 'device');
  t.equal((await postDevice(cssm.url, renew)).status, 503);
  t.ok(await accessToken(cssm), 'other scope unaffected and not counted');
  t.equal((await postDevice(cssm.url, renew)).status, 503);
  const third = await postDevice(cssm.url, renew);
  t.equal(third.status, 200);
  t.equal(third.body['status'], 'SUCCESS');
  t.equal(cssm.faults.snapshot().http5xx, null, 'spent');
  cssm.faults.failNext(1, 500);
  const r = await fetch(`${cssm.url}/oauth2/default/v1/token`, { method: 'POST' });
  t.equal(r.status, 500);
  t.same(await r.json(), { status: 'ERROR', statusMessage: 'Service temporarily unavailable' });
  t.throws(() => cssm.faults.failNext(1, 404), RangeError);
  t.throws(() => cssm.faults.failNext(-1), RangeError);
});

t.test('HTTP 5xx at a rate, decided by the injected random source', async (t) => {
  const draws = [0.1, 0.9, 0.2, 0.8];
  let i = 0;
  const cssm = await registered(t, { random: () => draws[i++ % draws.length] as number });
  cssm.faults.failRate(0.5, 502, 'device');
  const statuses: number[] = [];
  for (let n = 0; n < 4; n++) statuses.push((await postDevice(cssm.url, renew)).status);
  t.same(statuses, [502, 200, 502, 200]);
  cssm.faults.failRate(1);
  t.equal((await postDevice(cssm.url, renew)).status, 503);
  cssm.faults.failRate(0);
  t.equal((await postDevice(cssm.url, renew)).status, 200);
  t.throws(() => cssm.faults.failRate(1.5), RangeError);
});

/** The TLS verdict of a client that trusts the emulator's CA and calls tools.cisco.com: 'ok' or the error code. */
function handshake(cssm: { httpsPort: number | undefined; caPem: string }): Promise<string> {
  return new Promise((resolve) => {
    const socket = tlsConnect({ host: '127.0.0.1', port: cssm.httpsPort ?? 0, servername: 'tools.cisco.com', ca: [cssm.caPem] });
    socket.once('secureConnect', () => {
      socket.destroy();
      resolve('ok');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

t.test('certificate: the HTTPS listener presents one a device rejects — expired, for another name, from an unknown CA', async (t) => {
  const cssm = await startTestCssm(t, { https: true });
  t.equal(await handshake(cssm), 'ok');
  cssm.faults.certificate('expired');
  t.equal(await handshake(cssm), 'CERT_HAS_EXPIRED');
  cssm.faults.certificate('wrong-name');
  t.equal(await handshake(cssm), 'ERR_TLS_CERT_ALTNAME_INVALID');
  cssm.faults.certificate('untrusted');
  t.equal(await handshake(cssm), 'DEPTH_ZERO_SELF_SIGNED_CERT');
  t.equal(cssm.faults.snapshot().certificate, 'untrusted');
  await cssm.faults.clear();
  t.equal(await handshake(cssm), 'ok', 'its own certificate again');
  t.throws(() => cssm.faults.certificate('bogus' as never), RangeError);
  t.equal((await postDevice(cssm.url, renew)).status, 200, 'plain HTTP is not affected');
});

t.test('clear() resets every knob', async (t) => {
  const cssm = await registered(t);
  cssm.faults.slow(10);
  cssm.faults.failRate(0.1);
  cssm.faults.syncLoss(CBR8);
  await cssm.faults.unreachable('reset', 'api');
  await cssm.faults.clear();
  t.same(cssm.faults.snapshot(), { unreachable: null, delay: null, http5xx: null, syncLost: [], certificate: null });
  t.equal((await postDevice(cssm.url, renew)).body['status'], 'SUCCESS');
});

t.test('CssmFaults decisions (unit)', async (t) => {
  const changes: Array<string | null> = [];
  const f = new CssmFaults(
    () => 0,
    async (mode) => {
      changes.push(mode);
    },
  );
  t.same(f.decide('device'), { reset: false, delayMs: 0, status: 0 });
  f.slow(5, 'api');
  t.same(f.decide('device'), { reset: false, delayMs: 0, status: 0 });
  t.same(f.decide('api'), { reset: false, delayMs: 5, status: 0 });
  f.failNext(1, 504);
  await f.unreachable('reset', 'api');
  t.same(f.decide('api'), { reset: true, delayMs: 5, status: 0 }, 'a reset does not consume a 5xx');
  t.same(f.decide('device'), { reset: false, delayMs: 0, status: 504 });
  t.notOk(f.resetsConnections(), 'scoped resets need the request path');
  await f.unreachable('reset');
  t.ok(f.resetsConnections());
  await f.unreachable('refuse');
  await f.reachable();
  t.same(changes, ['reset', 'refuse', null], 'listeners told only on changes');
});
