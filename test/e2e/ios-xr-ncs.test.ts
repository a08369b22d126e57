/**
 * Issue 5 end to end on IOS-XR (NCS 560, NCS 1004): the driver over real SSH ↔ the emulated devices' Smart Agents
 * ↔ the CSSM emulator, in virtual time — the seeds' call-home setup committed as one candidate, registration,
 * renewals and deregistration as CSSM sees them, the XR failure classes, the NCS 1004 sync-loss procedure
 * (004:597-684) and 90 days without contact.
 */
import t from 'tap';
import { LicensingError } from '../../src/errors.js';
import { LAB_PROXY_ADDRESS } from '../../src/emulator/lab.js';
import { DAY, XR_PREREQUISITES, linesSince, startE2eLab } from './helpers/e2e-lab.js';

t.test('NCS 560 and NCS 1004: register → Authorized, visible in CSSM, renew id and auth, deregister → gone', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'ios-xr' });
  const ncs560 = await e2e.open('ncs560-1');
  // The NCS 1004 runs the driver's default polling schedule (2 s, backoff, 180 s bound) on the lab's virtual clock.
  const ncs1004 = await e2e.open('ncs1004-1', { clock: e2e.timers, sleep: (ms) => e2e.timers.advanceAsync(ms) });
  for (const device of [ncs560, ncs1004]) {
    const config = await device.session.sendConfig(XR_PREREQUISITES, { comment: 'smart licensing call home' });
    t.equal(config.committed, true, `${device.host}: committed`);
    t.match((await device.status()).state, { registration: 'unregistered', authorization: 'evaluation', exportControl: 'not-allowed' });
  }
  const token = await e2e.cssm.createToken({ description: 'e2e IOS-XR', exportControlled: true });

  const registered = {
    registration: 'registered',
    authorization: 'authorized',
    smartAccount: e2e.lab.cssm.smartAccountName,
    virtualAccount: e2e.inventory.cssm?.virtualAccount,
    exportControl: 'allowed',
  };
  t.match((await ncs560.register(token.token)).state, registered, "registered with the token's export control");
  // Frozen clock on the NCS 560: the renewals show the same dates as the registration, found by their syslog messages.
  t.match(await ncs560.renewId(), { command: 'license smart renew id', state: { lastRenewal: { result: 'succeeded', at: '2026-03-01T00:00:00Z' } } });
  t.match(await ncs560.renewAuth(), { command: 'license smart renew auth', state: { lastCommunication: { result: 'succeeded', at: '2026-03-01T00:00:00Z' } } });

  t.match((await ncs1004.register(token.token)).state, registered);
  const instances = await e2e.cssm.listProductInstances();
  t.same(
    instances.map((i) => [i.udi.pid, i.udi.sn]).sort(),
    [e2e.device('ncs560-1'), e2e.device('ncs1004-1')].map((d) => [d.identity.pid, d.identity.serial]).sort(),
    'CSSM holds both product instances',
  );
  const ncs1004Usage = instances.find((i) => i.udi.pid === 'NCS1004')?.licenseUsage ?? [];
  t.ok(ncs1004Usage.length > 0, 'with the NCS 1004 usage reported at registration');

  // The clock moved with the NCS 1004's polls: new dates.
  const id = await ncs1004.renewId();
  t.equal(id.state.lastRenewal?.result, 'succeeded');
  t.ok((id.state.lastRenewal?.at ?? '') > '2026-03-01T00:00:00Z', 'a later attempt');
  const auth = await ncs1004.renewAuth();
  t.equal(auth.state.lastCommunication?.result, 'succeeded');
  t.ok((auth.state.lastCommunication?.at ?? '') > (auth.state.registeredAt ?? ''), 'a later communication');

  for (const device of [ncs560, ncs1004]) {
    t.match(await device.deregister(), { changed: true, state: { registration: 'unregistered', authorization: 'evaluation', exportControl: 'not-allowed' } });
  }
  t.same(await e2e.cssm.listProductInstances(), [], 'both instances gone from CSSM');
});

t.test('IOS-XR communication failures: dns, proxy (then down), unreachable CSSM, shut source interface', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'ios-xr', proxy: true });
  const [ncs560, ncs1004] = await Promise.all([e2e.open('ncs560-1'), e2e.open('ncs1004-1')]);
  const token = await e2e.cssm.createToken();

  await ncs1004.session.sendConfig(XR_PREREQUISITES.filter((l) => !l.startsWith('domain name-server')));
  await t.rejects(ncs1004.register(token.token), {
    code: 'E_COMM_FAILED',
    commCause: 'dns',
    evidence: [
      'Registration Status: UNREGISTERED - REGISTRATION FAILED',
      /^Initial Registration: FAILED on Mar 01 2026 00:00:00 UTC$/,
      'Failure reason: Fail to send out Call Home HTTP message. Unable to resolve host name tools.cisco.com: no DNS name server is configured.',
      'License Authorization Status: EVAL MODE',
      /^%LICENSE-SMART_LIC-3-COMM_FAILED: Communications failure with the Cisco Smart Software Manager \(CSSM\) : /,
      /^%LICENSE-SMART_LIC-3-AGENT_REG_FAILED: /,
    ],
  });
  await ncs1004.session.sendConfig(['domain name-server 198.51.100.247', 'http client source-interface ipv4 MgmtEth0/RP0/CPU0/0']);
  t.match((await ncs1004.register(token.token)).state, { registration: 'registered' }, 'registers once DNS is set (again without force)');

  // The seed's HTTP proxy procedure (001:286-312): through the lab's proxy.
  await ncs560.session.sendConfig([...XR_PREREQUISITES, 'exit', `http-proxy ${LAB_PROXY_ADDRESS.host} port ${LAB_PROXY_ADDRESS.port}`]);
  t.match((await ncs560.register(token.token)).state, { registration: 'registered' });
  t.equal(e2e.lab.network.stats().viaProxy, 1, 'the registration went through the proxy');
  t.ok((e2e.lab.proxy?.stats().connects ?? 0) >= 1, 'a CONNECT tunnel to CSSM');
  await e2e.lab.proxy?.close();
  const proxy = await ncs560.renewAuth().catch((e: unknown) => e);
  t.ok(proxy instanceof LicensingError);
  t.match(proxy, {
    code: 'E_COMM_FAILED',
    commCause: 'proxy',
    evidence: [
      'Registration Status: REGISTERED',
      'License Authorization Status: AUTHORIZED',
      /^Last Communication Attempt: FAILED on Mar 01 2026 00:00:00 UTC$/,
      'Failure reason: Fail to send out Call Home HTTP message. Cannot connect to the HTTP proxy (connection refused).',
      /^%LICENSE-SMART_LIC-3-COMM_FAILED: /,
      /^%LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED: /,
    ],
  });

  await e2e.lab.cssm.faults.unreachable('reset', 'device');
  await t.rejects(ncs1004.renewAuth(), { code: 'E_COMM_FAILED', commCause: 'unreachable', evidence: [/REGISTERED/, /AUTHORIZED/, /FAILED/, /Connection reset by the destination\.$/] });
  await e2e.lab.cssm.faults.reachable();

  await ncs1004.session.sendConfig(['interface MgmtEth0/RP0/CPU0/0', 'shutdown']);
  await t.rejects(ncs1004.renewId(), {
    code: 'E_COMM_FAILED',
    commCause: 'unreachable',
    operation: 'renew-id',
    evidence: ['Registration Status: REGISTERED', /^Last Renewal Attempt: FAILED on /, 'Failure reason: Fail to send out Call Home HTTP message. HTTP client source interface MgmtEth0/RP0/CPU0/0 is shut down: network is unreachable.'],
  });
  await ncs1004.session.sendConfig(['interface MgmtEth0/RP0/CPU0/0', 'no shutdown']);
  t.match((await ncs1004.renewId()).state, { lastRenewal: { result: 'succeeded' } }, 'renewal works again once the interface is up');
});

t.test('NCS 1004 sync loss (004:597-684): instance removed in CSSM → E_SYNC_LOST; recovery with force; deregister refused, tolerated', async (t) => {
  const e2e = await startE2eLab(t, { devices: 3, platform: 'ios-xr', models: ['NCS-1004'] });
  const names = ['ncs1004-1', 'ncs1004-2', 'ncs1004-3'];
  const devices = await Promise.all(names.map((n) => e2e.open(n)));
  const token = await e2e.cssm.createToken({ description: 'before the removal' });
  for (const device of devices) {
    await device.session.sendConfig(XR_PREREQUISITES);
    await device.register(token.token);
  }
  for (const name of names) {
    const removed = await e2e.cssm.removeProductInstance({ sn: e2e.device(name).identity.serial });
    t.equal(removed.removed, true, `${name} removed in CSSM`);
  }
  t.same(await e2e.cssm.listProductInstances(), []);

  const [recovering, strict, tolerant] = devices as [(typeof devices)[0], (typeof devices)[0], (typeof devices)[0]];
  const { pid, serial } = e2e.device('ncs1004-1').identity;
  const seedText = `Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:${pid},SN:${serial}`;
  const syncLost = await recovering.renewAuth().catch((e: unknown) => e);
  t.match(syncLost, { code: 'E_SYNC_LOST', operation: 'renew-auth', message: /CSSM no longer knows this product instance/ });
  t.ok((syncLost as LicensingError).evidence?.includes(`%LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED: ${seedText}`), 'the seed message is the evidence');
  const logged = (await recovering.send('show logging | i "Data and signature"')).output;
  t.match(logged, new RegExp(`smartlicserver\\[311\\]: %LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED : ${seedText.replace(/[()]/g, '\\$&')}`));

  const newToken = await e2e.cssm.createToken({ description: 'after the removal' });
  const recovered = await recovering.register(newToken.token, { force: true });
  t.match(recovered.state, { registration: 'registered', authorization: 'authorized' });
  t.equal((await e2e.cssm.findProductInstance({ sn: serial }))?.udi.sn, serial, 'back in CSSM');

  // The seed's procedure goes on with deregistration; CSSM refuses it (AGENT_DEREG_FAILED, "expected").
  const refused = await strict.deregister().catch((e: unknown) => e);
  t.match(refused, { code: 'E_REGISTRATION_FAILED', operation: 'deregister' });
  t.match((refused as LicensingError).evidence, [
    'Registration Status: UNREGISTERED',
    'License Authorization Status: EVAL MODE',
    '%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED: Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: Agent received a failure status in a response message. Please check the Agent log file for the detailed message.',
  ]);
  const tolerated = await tolerant.deregister({ tolerateSyncLoss: true });
  t.match(tolerated, { changed: true, state: { registration: 'unregistered' }, tolerated: { code: 'E_REGISTRATION_FAILED', reason: 'deregistration failed' } });
  // The seed filters with `| i Dereg` (004:660), which cannot match its own `DeRegistration` line: IOS-XR
  // regular expressions are case-sensitive.
  t.match((await tolerant.send('show logging | i DeReg')).output, /%LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED : Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager \(CSSM\) failed: Agent received a failure status/);
  t.same((await e2e.cssm.listProductInstances()).map((i) => i.udi.sn), [serial], 'only the re-registered device is in CSSM');
});

t.test('IOS-XR, 91 days: never registered → EVAL EXPIRED; CSSM unreachable → AUTH EXPIRED, renew auth recovers (004:244)', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'ios-xr' });
  const [ncs560, ncs1004] = await Promise.all([e2e.open('ncs560-1'), e2e.open('ncs1004-1')]);
  await ncs1004.session.sendConfig(XR_PREREQUISITES);
  await ncs1004.register((await e2e.cssm.createToken()).token);
  await e2e.lab.cssm.faults.unreachable('reset', 'device');
  await e2e.timers.advanceAsync(91 * DAY);

  const eval560 = await ncs560.status({ logging: true });
  t.match(eval560.state, { registration: 'unregistered', authorization: 'evaluation-expired', authorizationRaw: 'EVAL EXPIRED', authorizedSince: '2026-05-30T00:00:00Z' });
  t.ok(eval560.messages?.some((m) => m.mnemonic === 'EVAL_EXPIRED_WARNING' && m.text === 'Smart Licensing evaluation expired'), 'the hourly warning (001:464)');

  const expired = await ncs1004.status();
  t.match(expired.state, {
    registration: 'registered',
    authorization: 'authorization-expired',
    authorizationRaw: 'AUTH EXPIRED',
    lastCommunication: { result: 'failed', failureReason: /Connection reset by the destination/ },
  });
  t.ok(Date.parse(expired.state.nextCommunicationAt ?? '') - Date.parse(expired.state.lastCommunication?.at ?? '') <= 3_600_000, 'retried every hour (004:283)');
  const mark = e2e.device('ncs1004-1').commandLog.lastSeq;
  await t.rejects(ncs1004.renewAuth(), { code: 'E_COMM_FAILED', commCause: 'unreachable' });
  t.ok(linesSince(e2e.device('ncs1004-1'), mark).includes('license smart renew auth'));

  await e2e.lab.cssm.faults.reachable();
  const renewed = await ncs1004.renewAuth();
  t.match(renewed.state, { registration: 'registered', authorization: 'authorized', lastCommunication: { result: 'succeeded', at: '2026-05-31T00:00:00Z' } });
});
