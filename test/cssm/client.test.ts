import t from 'tap';
import { inspect } from 'node:util';
import { Writable } from 'node:stream';
import { HOUR, ManualClock, MINUTE } from '../../src/clock.js';
import { CssmClient, type CssmClientOptions } from '../../src/cssm/index.js';
import { CancelledError, CssmError, InvalidArgumentError } from '../../src/errors.js';
import { createLogger } from '../../src/log.js';
import type { CssmEmulator } from '../../src/emulator/cssm/index.js';
import { CBR8, NCS1004, NCS560, postDevice, startTestCssm } from '../emulator/cssm/helpers.js';

function clientFor(cssm: CssmEmulator, options: Partial<CssmClientOptions> = {}): CssmClient {
  return CssmClient.fromAccount(
    { ...cssm.inventoryEntry(), clientSecret: cssm.clientSecret },
    { retryMinTimeoutMs: 5, timeoutMs: 10_000, ...options },
  );
}

async function registerDevices(cssm: CssmEmulator): Promise<void> {
  for (const [udi, hostname, usage] of [
    [CBR8, 'cbr8-1', [{ tag: 'US_License', count: 64 }]],
    [NCS560, 'ncs560-1', [{ tag: 'ESS-AC-100G-RTU-1', count: 1 }]],
    [NCS1004, 'ncs1004-1', [{ tag: 'S_NCS1K4_SUBSEA', count: 3 }]],
  ] as const) {
    const r = await postDevice(cssm.url, { messageType: 'REGISTER', udi, hostname, idToken: cssm.createToken().token.reveal(), usage });
    if (r.body['status'] !== 'SUCCESS') throw new Error(JSON.stringify(r.body));
  }
}

for (const family of ['apx', 'legacy'] as const) {
  t.test(`${family}: tokens, licenses, product instances end to end`, async (t) => {
    const cssm = await startTestCssm(t);
    const client = clientFor(cssm, { pathFamily: family, pageSize: 2 });
    t.equal(client.family, family);

    const created = await client.createToken({ description: 'rack 7', expiresAfterDays: 10, maxUses: 2, exportControlled: true });
    t.match(created, { virtualAccount: 'Default', expiresAt: '2026-03-11T00:00:00.000Z', description: 'rack 7', exportControlled: true, maxUses: 2, uses: 0, state: 'active', createdBy: cssm.clientId });
    t.equal(String(created.token), '***', 'the token is a Secret');
    t.ok(cssm.listTokens()[0]?.token.equals(created.token), 'the emulator has it');
    const other = await client.createToken({ virtualAccount: 'IOSXR' });
    t.equal(other.virtualAccount, 'IOSXR');
    t.equal(other.exportControlled, false);

    const listed = await client.listTokens();
    t.equal(listed.length, 1);
    t.ok(listed[0]?.token.equals(created.token));
    await client.revokeToken(created.token);
    t.equal(cssm.listTokens()[0]?.status, 'revoked');
    await t.rejects(client.revokeToken(created.token), { code: 'E_CSSM_HTTP', message: /token not revoked: Token is already revoked/ });
    const results = await client.revokeTokens([other.token, 'missing'], { virtualAccount: 'IOSXR' });
    t.same(
      results.map((r) => r.revoked),
      [true, false],
    );
    t.same(await client.revokeTokens([]), []);

    await registerDevices(cssm);
    const instances = await client.listProductInstances();
    t.equal(instances.length, 3, 'all pages (page size 2)');
    const ncs = instances.find((i) => i.udi.sn === NCS1004.sn);
    t.match(ncs, { udi: NCS1004, hostname: 'ncs1004-1', virtualAccount: 'Default', status: 'in-compliance', registeredAt: '2026-03-01T00:00:00.000Z' });
    t.same(ncs?.licenseUsage, [{ license: 'NCS1K4 - Subsea - 1.2T Line Card', entitlementTag: 'S_NCS1K4_SUBSEA', quantity: 3 }]);
    t.equal((await client.findProductInstance({ sn: CBR8.sn }))?.hostname, 'cbr8-1');
    t.equal(await client.findProductInstance({ pid: 'OTHER', sn: CBR8.sn }), undefined);

    const licenses = await client.listLicenses();
    t.ok(licenses.length > 2, 'all pages');
    t.match(
      licenses.find((l) => l.name === 'US_License'),
      { virtualAccount: 'Default', quantity: 10000, inUse: 64, available: 9936, status: 'in-compliance' },
    );
    const sample = await client.listLicenses({ virtualAccounts: ['auto-test-1'] });
    t.equal(sample.length, 5);
    t.same(
      (await client.listVirtualAccounts()).map((v) => [v.name, v.isDefault]),
      [
        ['Default', true],
        ['auto-test-1', false],
        ['IOSXR', false],
        ['NCS1000', false],
      ],
    );

    t.same(await client.removeProductInstance({ sn: NCS1004.sn }), { removed: true, message: 'Product instance removed successfully.' }, 'PID looked up');
    t.same((await client.removeProductInstance({ pid: CBR8.pid, sn: CBR8.sn })).removed, true);
    t.match(await client.removeProductInstance({ sn: 'NOPE' }), { removed: false, message: /no product instance with SN NOPE/ });
    t.match(await client.removeProductInstance({ pid: 'P', sn: 'NOPE' }), { removed: false, message: /not found/ });
    t.same(
      (await client.listProductInstances()).map((i) => i.udi.sn),
      [NCS560.sn],
    );
    const renew = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS1004, usage: [] });
    t.equal(renew.body['error'].message, 'Data and signature do not match for udi PID:8812,SN:FOX2202WIVM', 'RMA removal through the client causes sync loss on the device');
    t.equal(cssm.stats().oauth, 1, 'one access token for the whole session');
  });
}

t.test('access token: cached, refreshed before expiry, one re-authentication after a 401', async (t) => {
  const cssm = await startTestCssm(t);
  const clientClock = new ManualClock('2026-03-01T00:00:00Z');
  const client = clientFor(cssm, { clock: clientClock, refreshMarginMs: 5 * MINUTE });
  await client.listTokens();
  await client.listTokens();
  t.equal(cssm.stats().oauth, 1, 'cached');
  clientClock.advance(3599_000 - 5 * MINUTE - 1);
  await client.listTokens();
  t.equal(cssm.stats().oauth, 1, 'still fresh just before the margin');
  clientClock.advance(1);
  await client.listTokens();
  t.equal(cssm.stats().oauth, 2, 'refreshed early, inside the margin');

  // the server's clock moves on but the client's does not: the client learns from the 401
  cssm.manualClock.advance(HOUR);
  await client.listTokens();
  t.equal(cssm.stats().unauthorized, 1);
  t.equal(cssm.stats().oauth, 3, 're-authenticated once');

  let apiCalls = 0;
  const always401 = clientFor(cssm, {
    fetch: async (url, init) => {
      if (!url.includes('/oauth2/')) {
        apiCalls++;
        return new Response('', { status: 401 });
      }
      return fetch(url, init);
    },
  });
  await t.rejects(always401.listTokens(), { code: 'E_CSSM_AUTH', status: 401, method: 'GET', url: /\/token\/list$/ });
  t.equal(apiCalls, 2, 'one retry after re-authenticating, then give up (401 is not transient)');
});

t.test('bad credentials: E_CSSM_AUTH naming the token URL, not retried, secret never shown', async (t) => {
  const cssm = await startTestCssm(t);
  const lines: string[] = [];
  const logger = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never });
  const wrong = 'Wr0ng-Secret-Value-xyz';
  const client = new CssmClient({ url: cssm.url, clientId: cssm.clientId, clientSecret: wrong, smartAccount: cssm.smartAccount, virtualAccount: 'Default', logger, retryMinTimeoutMs: 5 });
  const error = (await client.createToken().catch((e: unknown) => e)) as CssmError;
  t.ok(error instanceof CssmError);
  t.equal(error.code, 'E_CSSM_AUTH');
  t.equal(error.method, 'POST');
  t.equal(error.url, `${cssm.url}/oauth2/default/v1/token`);
  t.equal(error.status, 401);
  t.match(error.message, `CSSM POST ${cssm.url}/oauth2/default/v1/token failed: HTTP 401: {"error":"invalid_client"}`);
  t.equal(cssm.stats().oauth, 1, 'not retried');
  for (const text of [error.message, JSON.stringify(error), inspect(error), inspect(client), JSON.stringify(client), lines.join('')]) {
    t.notMatch(text, wrong);
    t.notMatch(text, cssm.clientSecret.reveal());
  }

  // a successful session logs calls, never the secret nor the bearer token
  const good = clientFor(cssm, { logger });
  await good.createToken();
  await good.listTokens();
  const log = lines.join('');
  t.match(log, /CSSM call/);
  t.notMatch(log, cssm.clientSecret.reveal());
  t.notMatch(log, /Bearer [A-Za-z0-9_-]{10}/);
});

t.test('transient failures are retried (bounded); 4xx are not', async (t) => {
  const cssm = await startTestCssm(t);
  const client = clientFor(cssm, { retries: 2 });
  await client.listTokens();
  const before = cssm.stats().api;
  cssm.faults.failNext(2, 503, 'api');
  t.same(await client.listTokens(), [], 'succeeds on the third attempt');
  t.equal(cssm.stats().api - before, 1, 'two 5xx answered before routing, then one routed call');

  cssm.faults.failNext(5, 502, 'api');
  const error = (await client.listTokens().catch((e: unknown) => e)) as CssmError;
  t.equal(error.code, 'E_CSSM_HTTP');
  t.equal(error.status, 502);
  t.equal(cssm.faults.snapshot().http5xx?.remaining, 2, 'three attempts: 1 + 2 retries');
  await cssm.faults.clear();

  const api = cssm.stats().api;
  const notFound = (await client.createToken({ virtualAccount: 'Nope' }).catch((e: unknown) => e)) as CssmError;
  t.equal(notFound.code, 'E_CSSM_HTTP');
  t.equal(notFound.status, 404);
  t.match(notFound.message, /Virtual account "Nope" not found/);
  t.equal(cssm.stats().api - api, 1, '404 not retried');
  const invalid = (await client.createToken({ expiresAfterDays: 400 }).catch((e: unknown) => e)) as Error;
  t.ok(invalid instanceof InvalidArgumentError, 'checked before sending');
  t.equal(cssm.stats().api - api, 1);
});

t.test('network failures and timeouts are CssmError with status 0', async (t) => {
  const cssm = await startTestCssm(t);
  const client = clientFor(cssm, { retries: 1 });
  await client.listTokens();
  await cssm.faults.unreachable('reset', 'api');
  const reset = (await client.listTokens().catch((e: unknown) => e)) as CssmError;
  t.equal(reset.code, 'E_CSSM_HTTP');
  t.equal(reset.status, 0);
  t.match(reset.message, /GET .*\/token\/list failed: HTTP 0: network error/);
  await cssm.faults.unreachable('refuse');
  const refused = (await client.listTokens().catch((e: unknown) => e)) as CssmError;
  t.match(refused.message, /network error: .*ECONNREFUSED/);
  await cssm.faults.reachable();
  t.same(await client.listTokens(), []);

  cssm.faults.slow(5000, 'api');
  const slowClient = clientFor(cssm, { timeoutMs: 100, retries: 0 });
  const timeout = (await slowClient.listTokens().catch((e: unknown) => e)) as CssmError;
  t.equal(timeout.status, 0);
  t.match(timeout.message, /timed out after 100 ms/);
});

t.test('HTTP 200 with a failure body is an error (all variants)', async (t) => {
  const bodies = [
    { status: 'ERROR', statusMessage: 'Invalid Client' },
    { status: 'FAILED', message: 'dup', message_code: 'CSSM-ERR-048' },
  ];
  for (const body of bodies) {
    const client = new CssmClient({
      url: 'http://cssm.test',
      clientId: 'c',
      clientSecret: 'unit-client-secret-0002',
      smartAccount: 'd',
      virtualAccount: 'v',
      fetch: async (url) =>
        url.endsWith('/token')
          ? new Response(JSON.stringify({ access_token: 'unit-access-token-0001', token_type: 'Bearer', expires_in: 3599 }), { status: 200 })
          : new Response(JSON.stringify(body), { status: 200 }),
    });
    await t.rejects(client.listTokens(), { code: 'E_CSSM_HTTP', status: 200, message: new RegExp(String(body.status)) });
  }
  const notJson = new CssmClient({
    url: 'http://cssm.test',
    clientId: 'c',
    clientSecret: 'unit-client-secret-0001',
    smartAccount: 'd',
    virtualAccount: 'v',
    fetch: async (url) => (url.endsWith('/token') ? new Response('{"access_token":"unit-access-token-0002"}') : new Response('<html>maintenance</html>')),
  });
  await t.rejects(notJson.listTokens(), { message: /answer is not JSON/ });
  const noAccess = new CssmClient({ url: 'http://cssm.test', clientId: 'c', clientSecret: 'unit-client-secret-0001', smartAccount: 'd', virtualAccount: 'v', fetch: async () => new Response('{}') });
  await t.rejects(noAccess.listTokens(), { code: 'E_CSSM_HTTP', message: /without access_token/ });
});

t.test('HTTPS with a private CA (caPem); without it the certificate is refused', async (t) => {
  const cssm = await startTestCssm(t, { https: true });
  const base = { clientId: cssm.clientId, clientSecret: cssm.clientSecret, smartAccount: cssm.smartAccount, virtualAccount: cssm.virtualAccount, retries: 0 };
  const trusted = new CssmClient({ ...base, url: `https://localhost:${cssm.httpsPort}`, caPem: cssm.caPem });
  const token = await trusted.createToken({ description: 'over tls' });
  t.equal(token.description, 'over tls');
  const untrusted = new CssmClient({ ...base, url: `https://localhost:${cssm.httpsPort}` });
  const error = (await untrusted.listTokens().catch((e: unknown) => e)) as CssmError;
  t.equal(error.status, 0);
  t.match(error.message, /network error/);
});

t.test('cancellation and argument checks', async (t) => {
  const cssm = await startTestCssm(t);
  const controller = new AbortController();
  const client = clientFor(cssm, { signal: controller.signal });
  cssm.faults.slow(5000, 'api');
  const pending = client.listTokens();
  setTimeout(() => controller.abort(), 50);
  await t.rejects(pending, CancelledError);
  t.throws(() => new CssmClient({ url: 'ftp://x', clientId: 'c', clientSecret: 'unit-client-secret-0001', smartAccount: 'd' }), { code: 'E_INVALID_ARGUMENT', message: /url/ });
  t.throws(() => new CssmClient({ url: 'http://x', clientId: '', clientSecret: 'unit-client-secret-0001', smartAccount: 'd' }), { message: /clientId/ });
  const noVa = new CssmClient({ url: cssm.url, clientId: 'c', clientSecret: 'unit-client-secret-0001', smartAccount: 'd' });
  await t.rejects(noVa.listTokens(), { code: 'E_INVALID_ARGUMENT', message: /no virtual account/ });
  await t.rejects(client.removeProductInstance({ sn: ' ' }), { code: 'E_INVALID_ARGUMENT' });
  await t.rejects(client.createToken({ maxUses: 0 }), { code: 'E_INVALID_ARGUMENT' });
  t.equal(new CssmClient({ url: 'https://apx.cisco.com', clientId: 'c', clientSecret: 'unit-client-secret-0001', smartAccount: 'd', tokenUrl: 'https://id.cisco.com/oauth2/default/v1/token' }).tokenUrl, 'https://id.cisco.com/oauth2/default/v1/token');
});
