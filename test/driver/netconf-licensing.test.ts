/**
 * The driver's licensing operations over NETCONF against a lab (CSSM emulator + devices whose Smart Agent serves
 * the licensing actions and state over NETCONF, on the lab's clock), run side by side with the CLI on the same
 * scenario: each platform has one device driven over the CLI and one over NETCONF, and both must end every step
 * with the same outcome — register → authorized → renew id / auth → deregister, checked in CSSM, and the failure
 * classes (DNS failure, invalid and expired tokens, already registered, sync loss, CSSM refusing a deregistration,
 * the time bound). No token text reaches a log line, a result or an error.
 */
import { createServer, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import t from 'tap';
import { DAY } from '../../src/clock.js';
import { openDevice, type Device } from '../../src/driver/device.js';
import { LicensingError, SmartlicError } from '../../src/errors.js';
import { netconfExtension } from '../../src/emulator/netconf/netconf-extension.js';
import { startLab } from '../../src/emulator/lab.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { ScaledTimers } from '../../src/emulator/device/scaled-timers.js';
import { smartAgentExtension } from '../../src/emulator/smart-agent/extension.js';
import { netconfLicensing } from '../../src/emulator/smart-agent/netconf/netconf-licensing.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import type { TransportKind } from '../../src/inventory/types.js';
import { createLogger } from '../../src/log.js';
import type { PlatformId } from '../../src/platforms/types.js';

const XR_CALL_HOME = `call-home
 service active
 contact smart-licensing
 profile CiscoTAC-1
  active
  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
  destination transport-method http
`;
const NAME_SERVER: Readonly<Record<PlatformId, string>> = {
  'ios-xe': 'ip name-server 198.51.100.1\n',
  'ios-xr': 'domain name-server 198.51.100.247\n',
};

const POLLING = { pollIntervalMs: 20, maxPollIntervalMs: 200, backoffFactor: 1.5, timeoutMs: 30_000 } as const;

function capture(): { lines: string[]; destination: Writable } {
  const lines: string[] = [];
  return { lines, destination: new Writable({ write: (chunk, _e, cb) => (lines.push(String(chunk)), cb()) }) };
}

t.test('the same scenario over the CLI and over NETCONF ends each step the same way, on both platforms', async (t) => {
  const driverLog = capture();
  const labLog = capture();
  const logger = createLogger({ level: 'trace', destination: driverLog.destination as never });
  const timers = new ScaledTimers();
  const lab = await startLab({
    devices: 4,
    platform: 'mixed',
    models: ['cBR-8', 'NCS-1004'],
    timers,
    logger: createLogger({ level: 'debug', destination: labLog.destination as never }),
    smartAgent: false,
    netconf: false,
    extensions: (network) => [smartAgentExtension({ network }), netconfExtension(netconfLicensing())],
  });
  t.teardown(() => lab.close());

  const expiring = lab.cssm.createToken({ description: 'expires', expiresAfterDays: 1 }).token;
  timers.advance(2 * DAY);
  const token = lab.cssm.createToken({ description: 'netconf licensing' }).token;
  const tokens = [expiring.reveal(), token.reveal()];
  const invalid = 'bm90LWEtdG9rZW4tdGhhdC1DU1NNLWtub3dz%0A';

  const inventory = lab.inventory();
  const errors: unknown[] = [];
  const results: unknown[] = [];

  const run = async (device: EmulatedDevice, transport: TransportKind): Promise<Record<string, string>> => {
    const host = inventory.hosts[device.name];
    if (host === undefined) throw new Error(`no ${device.name} in the inventory`);
    const target = {
      name: device.name,
      host: host.host,
      ...(host.port === undefined ? {} : { port: host.port }),
      ...(host.netconfPort === undefined ? {} : { netconfPort: host.netconfPort }),
      platform: device.platform,
      username: 'admin',
      password: 'admin',
      ...(host.hostKey === undefined ? {} : { hostKey: host.hostKey }),
    };
    const dev: Device = await openDevice(target, { transport, logger, licensing: POLLING });
    t.teardown(() => dev.close());
    t.equal(dev.transport, transport);
    const outcomes: Record<string, string> = {};
    const step = async (name: string, action: () => Promise<unknown>): Promise<void> => {
      try {
        results.push(await action());
        outcomes[name] = 'ok';
      } catch (error) {
        errors.push(error);
        if (!(error instanceof SmartlicError)) throw error;
        outcomes[name] = error instanceof LicensingError && error.commCause !== undefined ? `${error.code}/${error.commCause}` : error.code;
      }
    };
    const sn = device.identity.serial;
    if (device.platform === 'ios-xr') device.config.apply(XR_CALL_HOME);

    await step('no name server', () => dev.register(token));
    device.config.apply(NAME_SERVER[device.platform]);
    await step('invalid token', () => dev.register(invalid));
    await step('expired token', () => dev.register(expiring));
    await step('register', async () => {
      const r = await dev.register(token);
      t.equal(r.state.registration, 'registered', `${device.name}/${transport}: registered`);
      t.equal(r.state.authorization, 'authorized');
      if (transport === 'netconf' || device.platform === 'ios-xr') t.equal(r.state.smartAccount, lab.cssm.smartAccountName, 'the account name (the cBR-8 agent prints none in show license status)');
      t.equal(r.state.virtualAccount, lab.cssm.virtualAccount);
      t.equal(lab.cssm.findProductInstance({ sn })?.virtualAccount, lab.cssm.virtualAccount, 'CSSM holds the product instance');
      t.ok(r.changed && r.polls >= 1);
      return r;
    });
    await step('register again', () => dev.register(token));
    await step('renew id', async () => {
      const before = lab.cssm.findProductInstance({ sn })?.idCertSerial;
      const r = await dev.renewId();
      t.not(lab.cssm.findProductInstance({ sn })?.idCertSerial, before, `${device.name}/${transport}: a new ID certificate`);
      return r;
    });
    await step('renew auth', () => dev.renewAuth());
    lab.cssm.removeProductInstance({ sn });
    await step('renew auth after removal in CSSM', () => dev.renewAuth());
    await step('deregister after the sync loss', () => dev.deregister());
    await step('status', async () => {
      const s = await dev.status();
      t.equal(s.state.registration, 'unregistered', 'the device dropped its registration anyway');
      return s;
    });
    await step('force register', () => dev.register(token, { force: true }));
    lab.cssm.removeProductInstance({ sn });
    await step('deregister tolerating the sync loss', async () => {
      const r = await dev.deregister({ tolerateSyncLoss: true });
      t.equal(r.tolerated?.code, 'E_REGISTRATION_FAILED', `${device.name}/${transport}: the refusal is carried`);
      return r;
    });
    await step('register once more', () => dev.register(token));
    await step('deregister', async () => {
      const r = await dev.deregister();
      t.equal(r.state.registration, 'unregistered');
      t.equal(lab.cssm.findProductInstance({ sn }), undefined, 'CSSM dropped the product instance');
      return r;
    });
    await step('deregister an unregistered device', async () => {
      const r = await dev.deregister();
      t.equal(r.changed, false);
      t.equal(r.command, null, 'nothing sent');
      return r;
    });
    await step('renew when not registered', () => dev.renewAuth());
    return outcomes;
  };

  const [cbr8Cli, ncsCli, cbr8Nc, ncsNc] = lab.fleet.devices as [EmulatedDevice, EmulatedDevice, EmulatedDevice, EmulatedDevice];
  const [xeCli, xrCli, xeNc, xrNc] = await Promise.all([run(cbr8Cli, 'cli'), run(ncsCli, 'cli'), run(cbr8Nc, 'netconf'), run(ncsNc, 'netconf')]);

  const expected = {
    'no name server': 'E_COMM_FAILED/dns',
    'invalid token': 'E_TOKEN_INVALID',
    'expired token': 'E_TOKEN_EXPIRED',
    register: 'ok',
    'register again': 'E_ALREADY_REGISTERED',
    'renew id': 'ok',
    'renew auth': 'ok',
    'renew auth after removal in CSSM': 'E_SYNC_LOST',
    'deregister after the sync loss': 'E_REGISTRATION_FAILED',
    status: 'ok',
    'force register': 'ok',
    'deregister tolerating the sync loss': 'ok',
    'register once more': 'ok',
    deregister: 'ok',
    'deregister an unregistered device': 'ok',
    'renew when not registered': 'E_NOT_REGISTERED',
  };
  t.same(xeCli, expected, 'IOS-XE over the CLI');
  t.same(xeNc, xeCli, 'IOS-XE over NETCONF: the same outcomes');
  t.same(xrCli, expected, 'IOS-XR over the CLI');
  t.same(xrNc, xrCli, 'IOS-XR over NETCONF: the same outcomes');

  const netconfErrors = errors.filter((e): e is LicensingError => e instanceof LicensingError && /^cbr8-2|^ncs1004-2/.test(e.host ?? ''));
  const dns = netconfErrors.find((e) => e.code === 'E_COMM_FAILED');
  t.match(dns?.evidence?.join('\n') ?? '', /Failed to resolve|DNS/i, 'the NETCONF verdict is read from the state fail-message');
  const synced = netconfErrors.find((e) => e.code === 'E_SYNC_LOST');
  t.match(synced?.evidence?.join('\n') ?? '', /Data and signature do not match/);

  const everything = [driverLog.lines.join(''), labLog.lines.join(''), JSON.stringify(results), ...errors.map((e) => `${String(e)} ${JSON.stringify(e)}`)].join('\n');
  t.ok(driverLog.lines.length > 0 && labLog.lines.length > 0, 'both sides logged');
  for (const text of [...tokens, invalid]) t.notOk(everything.includes(text), 'no token in logs, results or errors');
  t.match(JSON.stringify(results), /<id-token>\*\*\*<\/id-token>/, 'the RPC sent shows the token as ***');
});

t.test('NETCONF specifics: status parts, the RPC shown, transport errors, the time bound', async (t) => {
  const timers = new ScaledTimers();
  const lab = await startLab({
    devices: 2,
    platform: 'mixed',
    models: ['cBR-8', 'NCS-560'],
    timers,
    smartAgent: false,
    netconf: false,
    extensions: (network) => [smartAgentExtension({ network }), netconfExtension(netconfLicensing())],
  });
  t.teardown(() => lab.close());
  const inventory = lab.inventory();
  const [xe, xr] = lab.fleet.devices as [EmulatedDevice, EmulatedDevice];
  // The hosts as the CLI verbs get them: the lab's inventory with `transport: netconf`, resolved by the loader
  // (netconfPort from the inventory, no platform: it comes from the hello).
  const hosts = Object.fromEntries(Object.entries(inventory.hosts).map(([name, h]) => [name, { ...h, platform: undefined, transport: 'netconf' }]));
  const loaded = inventoryFromObject(JSON.parse(JSON.stringify({ ...inventory, hosts })), 'lab-inventory.json');
  const open = async (device: EmulatedDevice): Promise<Device> => {
    const [host] = loaded.resolveHosts(device.name);
    if (host === undefined) throw new Error(`${device.name} not resolved`);
    t.equal(host.transport, 'netconf');
    const dev = await openDevice(host, { licensing: POLLING });
    t.teardown(() => dev.close());
    return dev;
  };

  const d = await open(xe);
  t.equal(d.platform, 'ios-xe', 'the platform from the modules in the hello');
  t.equal(d.netconf.platform, 'ios-xe');
  t.throws(() => d.session, { code: 'E_PLATFORM' }, 'no CLI session over NETCONF');
  await t.rejects(d.send('show version'), { code: 'E_PLATFORM' });
  await t.rejects(d.status({ logging: true }), { code: 'E_INVALID_ARGUMENT' }, 'no syslog over NETCONF');
  const s = await d.status({ summary: true, udi: true });
  t.equal(s.state.registration, 'unregistered');
  t.equal(s.state.authorization, 'evaluation');
  t.equal(s.udi?.sn, xe.identity.serial);
  t.same(s.summary?.entitlements?.map((e) => [e.shortTag, e.count, e.status]), [
    ['US_License', 1, 'evaluation'],
    ['DS_License', 4, 'evaluation'],
    ['WAN_License', 1, 'evaluation'],
  ]);
  t.equal(s.report.command, 'get /cisco-smart-license:licensing/state');
  t.equal(s.snapshot.registration?.status, 'unregistered');

  xe.config.apply(NAME_SERVER['ios-xe']);
  const token = lab.cssm.createToken().token;
  const r = await d.register(token, { force: true });
  t.equal(r.command, '<register-id-token xmlns="http://cisco.com/ns/yang/cisco-smart-license"><id-token>***</id-token><force>true</force></register-id-token>');
  t.equal(r.reply, '<return-code xmlns="http://cisco.com/ns/yang/cisco-smart-license">registrationinprogress</return-code>');
  t.ok(r.state.registeredAt !== null && r.state.nextRenewalAt !== null && r.state.communicationDeadline !== null, 'dates read from the state');
  await t.rejects(d.register('x'.repeat(300), { force: true }), { code: 'E_INVALID_ARGUMENT' }, 'longer than the module allows, refused before the RPC');

  // IOS-XR: a call home that never ends (a listener that accepts and stays silent) runs into the time bound.
  const sockets = new Set<Socket>();
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  t.teardown(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        silent.close(() => resolve());
      }),
  );
  const port = (silent.address() as { port: number }).port;
  xr.config.apply(XR_CALL_HOME.replace('https://tools.cisco.com/its/service/oddce/services/DDCEService', `https://127.0.0.1:${port}/its/service/oddce/services/DDCEService`));
  const x = await open(xr);
  t.equal(x.platform, 'ios-xr');
  await t.rejects(x.register(token, { timeoutMs: 300 }), { code: 'E_TIMEOUT', operation: 'register' });
  t.equal((await x.status()).state.registration, 'registering', 'still at it when the bound passed');
});
