/**
 * Issue 5 end to end on IOS-XE (cBR-8): the driver over real SSH ↔ the emulated device's Smart Agent ↔ the CSSM
 * emulator, in virtual time. Prerequisites typed as raw configuration lines, tokens made through the CSSM REST
 * API with the real `CssmClient`, and every licensing operation and failure class as the driver classifies it.
 */
import t from 'tap';
import { ConfigLineError, DeviceCommandError, LicensingError, TimeoutError } from '../../src/errors.js';
import { DAY, ON_PREM_HOST, POLL, XE_PREREQUISITES, linesSince, startE2eLab } from './helpers/e2e-lab.js';

/** A string shaped like a token (URL-escaped base64) that CSSM never issued. */
const UNKNOWN_TOKEN = 'ZmFrZS10b2tlbi1mb3ItdGhlLWUyZS10ZXN0LTAwMDE%3D%0A';

t.test('cBR-8: register → Authorized, visible in CSSM, renew id and auth, deregister → gone from CSSM', async (t) => {
  const e2e = await startE2eLab(t, { devices: 1, platform: 'ios-xe' });
  const device = e2e.device('cbr8-1');
  const cbr8 = await e2e.open('cbr8-1');
  t.equal(cbr8.platform, 'ios-xe');

  const before = await cbr8.status();
  t.match(before.state, { registration: 'unregistered', registrationRaw: 'UNREGISTERED', authorization: 'evaluation', authorizationRaw: 'EVAL MODE' });

  const config = await cbr8.session.sendConfig(XE_PREREQUISITES);
  t.same(config.applied, XE_PREREQUISITES);
  const token = await e2e.cssm.createToken({ description: 'e2e cBR-8', expiresAfterDays: 30 });
  const mark = device.commandLog.lastSeq;

  const registered = await cbr8.register(token.token);
  t.match(registered, { operation: 'register', command: 'license smart register idtoken ***', changed: true });
  t.match(registered.state, { registration: 'registered', authorization: 'authorized', virtualAccount: e2e.inventory.cssm?.virtualAccount });
  t.equal(registered.state.registeredAt, '2026-03-01T00:00:00Z', 'registered at the virtual instant');
  t.ok(linesSince(device, mark).includes('license smart register idtoken ***'), 'the device logged the command with the token hidden');
  t.notOk(JSON.stringify(device.commandLog.entries()).includes(token.token.reveal()), 'the token is in no device log');

  const status = await cbr8.status({ summary: true, udi: true });
  t.match(status.state, { registration: 'registered', authorization: 'authorized', communicationDeadline: '2026-05-30T00:00:00Z' });
  t.equal(status.udi?.sn, device.identity.serial);
  t.ok((status.summary?.entitlements?.length ?? 0) > 0, 'entitlements in use');

  const instances = await e2e.cssm.listProductInstances();
  t.same(
    instances.map((i) => [i.udi.sn, i.hostname]),
    [[device.identity.serial, device.hostname]],
    'CSSM holds the product instance',
  );

  // The clock stands still: the new attempts carry the same dates as the last ones; the syslog tells them apart.
  const renewedId = await cbr8.renewId();
  t.match(renewedId, { command: 'license smart renew id', state: { lastRenewal: { result: 'succeeded', at: '2026-03-01T00:00:00Z' } } });
  const renewedAuth = await cbr8.renewAuth();
  t.match(renewedAuth, { command: 'license smart renew auth', state: { authorization: 'authorized', lastCommunication: { result: 'succeeded', at: '2026-03-01T00:00:00Z' } } });
  t.same(
    (await cbr8.status({ logging: true })).messages?.map((m) => m.mnemonic),
    ['AGENT_REG_SUCCESS', 'ID_CERT_RENEW_SUCCESS', 'AUTH_RENEW_SUCCESS'],
  );

  const deregistered = await cbr8.deregister();
  t.match(deregistered, { command: 'license smart deregister', changed: true, state: { registration: 'unregistered', authorization: 'evaluation' } });
  t.same(await e2e.cssm.listProductInstances(), [], 'the product instance is gone from CSSM');
  t.match(await cbr8.deregister(), { changed: false, command: null }, 'deregistering again changes nothing');
});

t.test('cBR-8: more DS channels than the virtual account holds → OUT OF COMPLIANCE completes the registration', async (t) => {
  const e2e = await startE2eLab(t, { devices: 1, platform: 'ios-xe' });
  e2e.lab.cssm.setLicense({ tag: 'DS_License', quantity: 1 });
  const cbr8 = await e2e.open('cbr8-1');
  await cbr8.session.sendConfig(XE_PREREQUISITES);
  const result = await cbr8.register((await e2e.cssm.createToken()).token);
  t.match(result.state, {
    registration: 'registered',
    authorization: 'out-of-compliance',
    authorizationRaw: 'OUT OF COMPLIANCE',
    nextCommunicationAt: '2026-03-01T12:00:00Z',
  }, 'renewed every 12 hours while out of compliance (000:565-566)');
  const usage = (await e2e.cssm.listLicenses()).find((l) => /DS_License/.test(`${l.name} ${l.entitlementTag ?? ''}`));
  t.ok(usage !== undefined && usage.inUse > usage.quantity, 'CSSM counts more in use than purchased');
});

t.test('cBR-8: token invalid, used up, revoked and expired; already registered; force', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'ios-xe' });
  const [first, second] = await Promise.all([e2e.open('cbr8-1'), e2e.open('cbr8-2')]);
  await Promise.all([first.session.sendConfig(XE_PREREQUISITES), second.session.sendConfig(XE_PREREQUISITES)]);

  await t.rejects(second.register(UNKNOWN_TOKEN), { code: 'E_TOKEN_INVALID', operation: 'register', host: 'cbr8-2' });

  const once = await e2e.cssm.createToken({ maxUses: 1, description: 'one use' });
  await first.register(once.token);
  const usedUp = await second.register(once.token).catch((e: unknown) => e);
  t.match(usedUp, { code: 'E_TOKEN_USED_UP' });
  t.ok(usedUp instanceof LicensingError);
  t.match((usedUp as LicensingError).evidence, [
    'Registration Status: UNREGISTERED - REGISTRATION FAILED',
    /^Initial Registration: FAILED on Mar {2}1 00:00:00 2026 UTC$/,
    /^Failure reason: Error received from Smart Software Manager: The ID token has already been used the maximum number of times \(1\)\.$/,
    'License Authorization Status: EVAL MODE',
    /^%SMART_LIC-3-AGENT_REG_FAILED: /,
  ]);

  const revoked = await e2e.cssm.createToken({ description: 'revoked' });
  await e2e.cssm.revokeToken(revoked.token);
  await t.rejects(second.register(revoked.token), { code: 'E_TOKEN_REVOKED' });

  const shortLived = await e2e.cssm.createToken({ expiresAfterDays: 1, description: 'one day' });
  await e2e.timers.advanceAsync(2 * DAY);
  await t.rejects(second.register(shortLived.token), { code: 'E_TOKEN_EXPIRED', message: /the ID token has expired/ });

  const token = await e2e.cssm.createToken({ description: 'good' });
  const device = e2e.device('cbr8-1');
  const mark = device.commandLog.lastSeq;
  await t.rejects(first.register(token.token), { code: 'E_ALREADY_REGISTERED', evidence: ['Registration Status: REGISTERED'] });
  t.notOk(
    linesSince(device, mark).some((l) => l.startsWith('license smart')),
    'refused before anything was sent',
  );
  const forced = await first.register(token.token, { force: true });
  t.match(forced, { command: 'license smart register idtoken *** force', state: { registration: 'registered', authorization: 'authorized', registeredAt: '2026-03-03T00:00:00Z' } });
  const instances = await e2e.cssm.listProductInstances();
  t.equal(instances.filter((i) => i.udi.sn === device.identity.serial).length, 1, 'still one product instance for the device');
});

t.test('cBR-8 communication failures: dns, certificate (then a trustpoint fixes it), http', async (t) => {
  const e2e = await startE2eLab(t, { devices: 1, platform: 'ios-xe' });
  const cbr8 = await e2e.open('cbr8-1');
  const token = await e2e.cssm.createToken();

  const dns = await cbr8.register(token.token).catch((e: unknown) => e);
  t.match(dns, { code: 'E_COMM_FAILED', commCause: 'dns', message: /could not be resolved/ });
  t.match((dns as LicensingError).evidence, [
    'Registration Status: UNREGISTERED - REGISTRATION FAILED',
    /^Initial Registration: FAILED on /,
    'Failure reason: Fail to send out Call Home HTTP message. Unable to resolve host name tools.cisco.com: no DNS name server is configured.',
    'License Authorization Status: EVAL MODE',
    /^%SMART_LIC-3-COMM_FAILED: Communications failure with Cisco licensing cloud: Fail to send out Call Home HTTP message\./,
    /^%SMART_LIC-3-AGENT_REG_FAILED: Smart Agent for Licensing Registration with Cisco licensing cloud failed: Fail to send out Call Home HTTP message\./,
  ]);

  // The transport-gateway procedure (000:515-534) toward an on-prem CSSM over https, without its CA.
  await cbr8.session.sendConfig([
    ...XE_PREREQUISITES,
    'call-home',
    'profile CiscoTAC-1',
    'no reporting smart-licensing-data',
    'exit',
    'profile Custom-Profile-1',
    'reporting smart-licensing-data',
    'destination transport-method http',
    'no destination transport-method email',
    `destination address http https://${ON_PREM_HOST}/Transportgateway/services/DeviceRequestHandler`,
    'active',
  ]);
  await t.rejects(cbr8.register(token.token), {
    code: 'E_COMM_FAILED',
    commCause: 'certificate',
    evidence: ['Registration Status: UNREGISTERED - REGISTRATION FAILED', /^Initial Registration: FAILED/, /SSL server certificate verification failed: its CA is in no authenticated trustpoint\./],
  });

  const caPem = e2e.inventory.cssm?.caPem ?? '';
  t.match(caPem, /^-----BEGIN CERTIFICATE-----/);
  await cbr8.session.sendConfig([
    'crypto pki trustpoint SATELLITE',
    'enrollment terminal',
    'revocation-check none',
    'exit',
    {
      line: 'crypto pki authenticate SATELLITE',
      expect: [
        { prompt: /End with a blank line or the word "quit" on a line by itself/, answer: `${caPem.trim()}\nquit` },
        { prompt: /\[yes\/no\]: ?$/, answer: 'yes' },
      ],
    },
  ]);
  const registered = await cbr8.register(token.token);
  t.match(registered.state, { registration: 'registered', authorization: 'authorized' });
  t.equal(e2e.lab.cssm.stats().viaProxy, 0);
  t.equal((await e2e.cssm.listProductInstances()).length, 1, 'registered through the on-prem name');

  e2e.lab.cssm.faults.failNext(1, 503, 'device');
  await t.rejects(cbr8.renewAuth(), {
    code: 'E_COMM_FAILED',
    commCause: 'http',
    operation: 'renew-auth',
    evidence: [
      'Registration Status: REGISTERED',
      /^License Authorization Status: AUTHORIZED/,
      /^Last Communication Attempt: FAILED on /,
      'Failure reason: Fail to send out Call Home HTTP message. HTTP response status 503 from the destination.',
      /^%SMART_LIC-3-COMM_FAILED: /,
      /^%SMART_LIC-3-AUTH_RENEW_FAILED: /,
    ],
  });
  const renewed = await cbr8.renewAuth();
  t.match(renewed.state, { authorization: 'authorized', lastCommunication: { result: 'succeeded' } }, 'the next renewal goes through');
});

t.test('cBR-8: a bounded wait while CSSM is slow ends in E_TIMEOUT with the device still registering', async (t) => {
  const e2e = await startE2eLab(t, { devices: 1, platform: 'ios-xe' });
  const cbr8 = await e2e.open('cbr8-1');
  await cbr8.session.sendConfig(XE_PREREQUISITES);
  const token = await e2e.cssm.createToken();
  // CSSM answers device messages after 5 s (wall clock); the driver waits at most 200 ms.
  e2e.lab.cssm.faults.slow(5_000, 'device');
  const timedOut = await cbr8.register(token.token, { ...POLL, timeoutMs: 200 }).catch((e: unknown) => e);
  t.ok(timedOut instanceof TimeoutError);
  t.match(timedOut, { code: 'E_TIMEOUT', operation: 'register', host: 'cbr8-1', tail: /registration in progress \(Registration: REGISTERING - REGISTRATION IN PROGRESS; Authorization: EVAL MODE\)/ });
  t.notOk(String((timedOut as Error).message).includes(token.token.reveal()));
  t.match((await cbr8.status()).state, { registration: 'registering' }, 'the device is still working on it');
});

t.test('cBR-8: 91 days without CSSM → AUTH EXPIRED, never registered → EVAL EXPIRED; the DOCSIS lockouts; recovery with force', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'ios-xe' });
  const [registered, fresh] = await Promise.all([e2e.open('cbr8-1'), e2e.open('cbr8-2')]);
  await Promise.all([registered.session.sendConfig(XE_PREREQUISITES), fresh.session.sendConfig(XE_PREREQUISITES)]);
  const token = await e2e.cssm.createToken({ expiresAfterDays: 365 });
  await registered.register(token.token);

  // The way to CSSM breaks (no name server), then 91 virtual days pass: every renewal fails.
  await registered.session.sendConfig(['no ip name-server 198.51.100.1']);
  await e2e.timers.advanceAsync(91 * DAY);

  const expired = await registered.status();
  t.match(expired.state, {
    registration: 'registered',
    authorization: 'authorization-expired',
    authorizationRaw: 'AUTH EXPIRED',
    communicationDeadline: '2026-05-30T00:00:00Z',
    lastCommunication: { result: 'failed', failureReason: /Unable to resolve host name tools\.cisco\.com/ },
  });
  t.match((await fresh.status()).state, { registration: 'unregistered', authorization: 'evaluation-expired', authorizationRaw: 'EVAL EXPIRED' });

  // 000:138-144: the three DOCSIS commands are locked, with the device's message in the error.
  for (const [session, word] of [
    [registered, 'AUTH EXPIRED'],
    [fresh, 'EVAL EXPIRED'],
  ] as const) {
    const locked = await session.session.sendConfig(['interface Cable1/0/0', 'cable upstream 0 shutdown']).catch((e: unknown) => e);
    t.ok(locked instanceof ConfigLineError, `${session.host}: typed error`);
    t.match(locked, {
      code: 'E_DEVICE_COMMAND',
      lineIndex: 1,
      command: 'cable upstream 0 shutdown',
      output: new RegExp(`% Error: Smart Licensing enforcement \\(${word}\\): "cable upstream 0 shutdown" is locked`),
    });
    await t.rejects(session.session.sendConfig(['controller Upstream-Cable 1/0/0']), { code: 'E_DEVICE_COMMAND', lineIndex: 0 });
    t.same((await session.session.sendConfig(['ip domain name example.net'])).applied, ['ip domain name example.net'], 'other lines stay configurable');
  }
  const copy = await registered.send('copy startup-config running-config').catch((e: unknown) => e);
  t.ok(copy instanceof DeviceCommandError);
  t.match(copy, { output: /only "copy running-config startup-config" is allowed/ });

  // Recovery: fix the way to CSSM, re-register with force (and register the never-registered one).
  await registered.session.sendConfig(['ip name-server 198.51.100.1']);
  const newToken = await e2e.cssm.createToken();
  const recovered = await registered.register(newToken.token, { force: true });
  t.match(recovered.state, { registration: 'registered', authorization: 'authorized', registeredAt: '2026-05-31T00:00:00Z' });
  t.match((await fresh.register(newToken.token)).state, { authorization: 'authorized' });
  for (const session of [registered, fresh]) {
    t.same((await session.session.sendConfig(['interface Cable1/0/0', 'cable upstream 0 shutdown'])).applied, ['interface Cable1/0/0', 'cable upstream 0 shutdown'], `${session.host}: unlocked`);
  }
});
