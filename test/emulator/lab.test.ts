/**
 * startLab(): CSSM emulator + HTTP proxy + fleet on one virtual clock, device extensions made from the lab's
 * network, the inventory with its `cssm` entry, and everything closed by `close()`.
 */
import t from 'tap';
import { openDevice } from '../../src/driver/device.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import { Writable } from 'node:stream';
import { connect } from 'node:net';
import { createLogger } from '../../src/log.js';
import { ManualTimers } from '../../src/emulator/device/timers.js';
import { ScaledTimers } from '../../src/emulator/device/scaled-timers.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { LAB_PROXY_ADDRESS, startLab } from '../../src/emulator/lab.js';
import { smartAgentOf } from '../../src/emulator/smart-agent/agent-registry.js';
import type { CallHomeNetwork } from '../../src/emulator/smart-agent/network.js';

const DAY = 86_400_000;

function refused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

const XR_VIA_PROXY = `domain name-server 198.51.100.247
call-home
 service active
 contact smart-licensing
 http-proxy ${LAB_PROXY_ADDRESS.host} port ${LAB_PROXY_ADDRESS.port}
 profile CiscoTAC-1
  active
  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
  destination transport-method http
`;

t.test('a lab: CSSM requiring the proxy, three devices with an extension built from the network, one clock', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const attached: EmulatedDevice[] = [];
  let given: CallHomeNetwork | undefined;
  const lab = await startLab({
    devices: 3,
    platform: 'mixed',
    timers,
    proxy: { require: true },
    onPremHosts: ['satellite.example.net'],
    extensions: (network) => {
      given = network;
      return [{ name: 'probe', attach: (device) => void attached.push(device) }];
    },
  });
  let closed = false;
  t.teardown(() => (closed ? undefined : lab.close()));
  t.equal(given, lab.network, 'extensions get the lab network');
  t.same(attached.map((d) => d.name).sort(), ['cbr8-1', 'ncs1004-1', 'ncs560-1']);
  t.equal(lab.timers, timers);
  t.equal(lab.cssm.clock, timers, 'CSSM runs on the lab clock');
  t.ok(lab.fleet.devices.every((d) => d.timers === timers), 'so do the devices');
  t.ok(lab.proxy !== undefined);
  t.same(lab.proxyAddress, LAB_PROXY_ADDRESS);

  const inventory = lab.inventory();
  t.same(Object.keys(inventory), ['cssm', 'hosts', 'groups', 'vars'], 'cssm first, as in the contract');
  t.same(inventory.cssm, lab.cssm.inventoryEntry());
  t.match(inventory.cssm, { url: lab.cssm.url, clientId: lab.cssm.clientId, clientSecret: lab.cssm.clientSecret.reveal(), smartAccount: lab.cssm.smartAccount, virtualAccount: lab.cssm.virtualAccount });
  t.match(inventory.cssm?.caPem, /^-----BEGIN CERTIFICATE-----/);
  t.same(Object.keys(inventory.hosts), ['cbr8-1', 'ncs560-1', 'ncs1004-1']);

  const d = lab.fleet.device('ncs1004-1') as EmulatedDevice;
  t.ok(d.config.apply(XR_VIA_PROXY).ok);
  const token = lab.cssm.createToken({ description: 'lab test' });
  const message = { messageType: 'REGISTER' as const, udi: { pid: d.identity.pid, sn: d.identity.serial }, idToken: token.token.reveal() };
  const outcome = await lab.network.send(d, message);
  t.match(outcome, { ok: true, viaProxy: true, reply: { status: 'SUCCESS', messageType: 'REGISTER' } });
  t.equal(lab.cssm.stats().viaProxy, 1);
  t.equal(lab.proxy?.stats().connects, 1);

  const direct = lab.fleet.device('ncs560-1') as EmulatedDevice;
  t.ok(direct.config.apply(XR_VIA_PROXY.replace(/ http-proxy .*\n/, '')).ok);
  t.match(await lab.network.send(direct, { ...message, udi: { pid: direct.identity.pid, sn: direct.identity.serial } }), { ok: false, cause: 'unreachable' }, 'CSSM drops direct calls');

  timers.advance(40 * DAY);
  const late = lab.fleet.device('cbr8-1') as EmulatedDevice;
  t.ok(late.config.apply(`ip name-server 198.51.100.1\ncall-home\n http-proxy ${LAB_PROXY_ADDRESS.host} port ${LAB_PROXY_ADDRESS.port}\n`).ok);
  t.match(
    await lab.network.send(late, { ...message, udi: { pid: late.identity.pid, sn: late.identity.serial } }),
    { ok: true, reply: { status: 'FAILURE', error: { code: 'TOKEN_EXPIRED' } } },
    'forty virtual days later the 30-day token has expired in CSSM',
  );

  const ports = [lab.cssm.port, lab.cssm.httpsPort ?? 0, lab.proxy?.port ?? 0, ...lab.fleet.devices.map((x) => x.port)];
  await Promise.all([lab.close(), lab.close()]);
  closed = true;
  for (const port of ports) t.ok(await refused(port), `port ${port} is closed`);
});

t.test('a lab without a proxy on scaled time', async (t) => {
  const lab = await startLab({ devices: 1, platform: 'ios-xe', timeScale: 3600 });
  t.teardown(() => lab.close());
  t.ok(lab.timers instanceof ScaledTimers);
  t.equal((lab.timers as ScaledTimers).scale, 3600);
  t.equal(lab.proxy, undefined);
  const d = lab.fleet.devices[0] as EmulatedDevice;
  t.ok(d.config.apply('ip name-server 198.51.100.1\ncall-home\n http-proxy 198.51.100.10 port 3128\n').ok);
  const token = lab.cssm.createToken();
  t.match(
    await lab.network.send(d, { messageType: 'REGISTER', udi: { pid: d.identity.pid, sn: d.identity.serial }, idToken: token.token.reveal() }),
    { ok: false, cause: 'proxy' },
    'no proxy listens behind the proxy address',
  );
  t.ok(d.config.apply('call-home\n no http-proxy\n').ok);
  t.match(
    await lab.network.send(d, { messageType: 'REGISTER', udi: { pid: d.identity.pid, sn: d.identity.serial }, idToken: token.token.reveal() }),
    { ok: true, viaProxy: false },
  );
});

t.test('every device runs a Smart Agent on the lab network and serves NETCONF unless opted out', async (t) => {
  const timers = new ManualTimers('2026-03-01T00:00:00Z');
  const lab = await startLab({ devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'], timers, smartAgent: { evaluationUsedDays: 10 } });
  t.teardown(() => lab.close());
  t.ok(lab.netconf !== undefined);
  const hosts = lab.inventory().hosts;
  for (const device of lab.fleet.devices) {
    t.ok(smartAgentOf(device), `${device.name} has a Smart Agent`);
    t.equal(smartAgentOf(device)?.snapshot().evaluation.remainingMs, 80 * DAY, 'agent options reach the agents');
    t.ok(lab.netconf?.netconfDevice(device), `${device.name} serves NETCONF`);
    t.equal(hosts[device.name]?.netconfPort, device.netconfPort);
    t.ok(await refused(device.netconfPort ?? 0).then((r) => !r), 'its NETCONF port listens');
  }
  const xe = lab.fleet.device('cbr8-1') as EmulatedDevice;
  t.ok(xe.config.apply('ip name-server 198.51.100.1\n').ok);
  const agent = smartAgentOf(xe);
  t.equal(agent?.register(lab.cssm.createToken().token).accepted, true);
  await agent?.idle();
  t.equal(agent?.snapshot().registration.status, 'registered', 'the agent registered through the lab network');
  t.ok(lab.cssm.findProductInstance({ sn: xe.identity.serial }), 'CSSM holds the product instance');
  t.equal(lab.network.stats().succeeded, 1);
  for (const name of ['cbr8-1', 'ncs1004-1']) {
    const host = inventoryFromObject(lab.inventory(), 'lab.json').resolveHosts(name)[0];
    if (host === undefined) throw new Error(`no ${name} in the lab inventory`);
    const device = await openDevice(host, { transport: 'netconf' });
    const status = await device.status();
    await device.close();
    t.equal(status.state.registration, name === 'cbr8-1' ? 'registered' : 'unregistered', `${name}: the licensing state over the lab's NETCONF by default`);
  }

  const bare = await startLab({ devices: 1, platform: 'ios-xr', timers, smartAgent: false, netconf: false });
  t.teardown(() => bare.close());
  const device = bare.fleet.devices[0] as EmulatedDevice;
  t.equal(smartAgentOf(device), undefined, 'smartAgent: false');
  t.equal(bare.netconf, undefined, 'netconf: false');
  t.equal(device.netconfPort, undefined);
  t.notOk('netconfPort' in (bare.inventory().hosts[device.name] ?? {}));
});

t.test('bad options are refused; a failed start leaves nothing running', async (t) => {
  await t.rejects(startLab({ devices: 1, timers: new ManualTimers(), timeScale: 2 }), { code: 'E_INVALID_ARGUMENT' });
  await t.rejects(startLab({ devices: 1, timeScale: 0 }), { code: 'E_INVALID_ARGUMENT' });
  const lines: string[] = [];
  const logger = createLogger({ level: 'info', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never });
  await t.rejects(startLab({ devices: 0, proxy: true, logger }), { code: 'E_INVALID_ARGUMENT' });
  t.ok(lines.some((l) => l.includes('CSSM emulator closed')), 'the CSSM emulator started for it was closed');
});
