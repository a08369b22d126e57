/**
 * netconfExtension over real SSH on loopback with the project's NETCONF client: every device of a fleet serves
 * NETCONF; changes made with edit-config show in `show running-config` on the CLI and CLI changes show in
 * get-config (both platforms); sessions, locks (also against IOS-XR `configure exclusive`), confirmed commits in
 * virtual time, the RPC / state hook, and the error replies.
 */
import t, { type Test } from 'tap';
import { openNetconfSubsystem } from '../../../src/channel/netconf/ssh.js';
import { NetconfRpcError } from '../../../src/errors.js';
import { startDevice } from '../../../src/emulator/device/device.js';
import { startFleet } from '../../../src/emulator/device/fleet.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import { netconfExtension } from '../../../src/emulator/netconf/netconf-extension.js';
import { parseRpcReply } from '../../../src/netconf/reply.js';
import { renderXml, selectPath, xmlElement } from '../../../src/netconf/xml.js';
import { openShell, type CliClient } from '../device/helpers/cli-client.js';
import { hostKeys } from './helpers/binding.js';
import { connectNetconf, type DeviceNetconf } from './helpers/netconf-client.js';
import { NC, RawPeer, helloText } from '../../netconf/helpers/raw-peer.js';
import { validateXml } from '../../helpers/yang.js';
import ssh2 from 'ssh2';

const NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
const CH = 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home';
const UM_CH = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-call-home-cfg';
const UM_DOMAIN = 'http://cisco.com/ns/yang/Cisco-IOS-XR-um-domain-cfg';
const XR_ACT = 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-act';
const XR_OPER = 'http://cisco.com/ns/yang/Cisco-IOS-XR-infra-smartlicense-oper';

const netconf = netconfExtension();

async function start(t: Test, model: 'cBR-8' | 'NCS-560' | 'NCS-1004', timers?: ManualTimers): Promise<EmulatedDevice> {
  const device = await startDevice({ model }, { hostKeys, extensions: [netconf], ...(timers === undefined ? {} : { timers }) });
  t.teardown(() => device.close());
  return device;
}

async function session(t: Test, device: EmulatedDevice): Promise<DeviceNetconf> {
  const s = await connectNetconf(device);
  t.teardown(() => s.close().catch(() => undefined));
  return s;
}

async function shell(t: Test, device: EmulatedDevice): Promise<CliClient> {
  const cli = await openShell(device.port);
  t.teardown(() => cli.close());
  await cli.cmd('terminal length 0');
  return cli;
}

async function rejection(promise: Promise<unknown>): Promise<NetconfRpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof NetconfRpcError) return error;
    throw error;
  }
  throw new Error('expected a NetconfRpcError, the call succeeded');
}

function native(body: string): string {
  return `<native xmlns="${NATIVE}">${body}</native>`;
}

t.test('every device of a fleet serves NETCONF on its own port, with its platform hello', async (t) => {
  const fleet = await startFleet({ devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'], hostKeys, extensions: [netconf] });
  t.teardown(() => fleet.close());
  const inventory = fleet.inventory();
  for (const device of fleet.devices) {
    const host = inventory.hosts[device.name];
    t.ok(host?.netconfPort !== undefined && host.netconfPort !== host.port, `${device.name}: netconfPort in the inventory`);
    const s = await session(t, device);
    const caps = s.client.serverCapabilities;
    if (device.platform === 'ios-xe') {
      t.ok(caps.includes('urn:ietf:params:netconf:capability:writable-running:1.0'), 'XE: writable running');
      t.ok(caps.includes('urn:ietf:params:netconf:capability:candidate:1.0'), 'XE: candidate');
      t.ok(caps.some((c) => c.startsWith(`${NATIVE}?module=Cisco-IOS-XE-native&revision=`)), 'XE: the native module');
    } else {
      t.notOk(caps.includes('urn:ietf:params:netconf:capability:writable-running:1.0'), 'XR: no writable running');
      t.ok(caps.includes('urn:ietf:params:netconf:capability:confirmed-commit:1.1'), 'XR: confirmed commit');
      t.ok(caps.some((c) => c.startsWith(`${UM_CH}?module=Cisco-IOS-XR-um-call-home-cfg`)), 'XR: the unified call-home module');
    }
    await s.close();
  }
  t.equal(netconf.netconfDevice(fleet.devices[0] as EmulatedDevice)?.profile.name, 'ios-xe');
});

t.test('IOS-XE: edit-config on running shows in show running-config; CLI changes show in get-config', async (t) => {
  const xe = await start(t, 'cBR-8');
  const { client } = await session(t, xe);
  const cli = await shell(t, xe);

  await client.editConfig(
    'running',
    native(
      '<hostname>cbr8-nc</hostname><ip><domain><name>example.com</name></domain><name-server><no-vrf-ordered>198.51.100.53</no-vrf-ordered></name-server></ip>' +
        `<call-home><contact-email-addr xmlns="${CH}">ops@example.com</contact-email-addr>` +
        `<tac-profile xmlns="${CH}"><profile><CiscoTAC-1><reporting><smart-licensing-data>false</smart-licensing-data></reporting></CiscoTAC-1></profile></tac-profile>` +
        `<user-profile xmlns="${CH}"><profile><profile-name>SL-Profile</profile-name><active>true</active><reporting><smart-licensing-data/></reporting>` +
        '<destination><transport-method><http/><email>false</email></transport-method><address><http>https://cssm.example.net/its/service/oddce/services/DDCEService</http></address></destination></profile></user-profile></call-home>' +
        '<crypto><pki xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-crypto"><trustpoint><id>SLA-TrustPoint</id><enrollment><enrollment-method><terminal/></enrollment-method></enrollment><revocation-check>none</revocation-check></trustpoint></pki></crypto>',
    ),
  );
  let run = await cli.cmd('show running-config');
  t.match(run, /\nhostname cbr8-nc\n/);
  t.match(run, /\nip domain name example\.com\nip name-server 198\.51\.100\.53\n/);
  t.match(
    run,
    /\ncall-home\n(?: !.*\n)* contact-email-addr ops@example\.com\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email\n  no reporting smart-licensing-data\n profile "SL-Profile"\n  active\n  destination address http https:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n  destination transport-method http\n  no destination transport-method email\n  reporting smart-licensing-data\n!/,
    'call-home as IOS-XE prints it: quoted profile names, the device order of lines',
  );
  t.match(run, /\ncrypto pki trustpoint SLA-TrustPoint\n enrollment terminal\n revocation-check crl none\n!/, 'merge adds to a leaf-list');
  t.match(run, /! Last configuration change at .* by admin\n/, 'the NETCONF user made the change');
  t.match(await cli.raw(''), /^cbr8-nc#/m, 'the prompt follows the hostname');
  const valid = await validateXml(renderXml(await client.getConfig('running')), 'config');
  t.ok(valid.valid, `get-config passes yanglint: ${valid.messages.join('\n')}`);

  // replace one subtree, delete another
  const replace = `<call-home xmlns="${NATIVE}"><user-profile xmlns="${CH}" xmlns:nc="${NC}" nc:operation="replace"><profile><profile-name>SL-Profile</profile-name><destination><transport-method><http/></transport-method></destination></profile></user-profile></call-home>`;
  await client.editConfig('running', native(replace));
  await client.editConfig('running', native(`<ip><name-server xmlns:nc="${NC}" nc:operation="delete"/></ip>`));
  run = await cli.cmd('show running-config');
  t.match(run, / profile "SL-Profile"\n  destination transport-method http\n!/, 'the profile holds only what the replace gave');
  t.notMatch(run, /ip name-server/, 'name servers deleted');

  // CLI → get-config
  await cli.cmd('configure terminal');
  await cli.cmd('ip domain name cli.example.com');
  await cli.cmd('ip http client source-interface GigabitEthernet0');
  await cli.cmd('end');
  const data = await client.getConfig('running', { filter: native('<ip/>') });
  t.equal(selectPath(data, ['native', 'ip', 'domain', 'name'])[0]?.text, 'cli.example.com');
  t.equal(selectPath(data, ['native', 'ip', 'http', 'client', 'source-interface'])[0]?.text, 'GigabitEthernet0');

  // candidate + commit, then save-config
  await client.editConfig('candidate', native('<hostname>cbr8-cand</hostname>'));
  t.match(await cli.cmd('show running-config | include hostname'), /hostname cbr8-nc/, 'not before the commit');
  await client.commit();
  t.match(await cli.cmd('show running-config | include hostname'), /hostname cbr8-cand/);
  const saved = await client.call('<save-config xmlns="http://cisco.com/yang/cisco-ia"/>');
  t.match(saved.body[0]?.text, /successful/);
  t.match(await cli.cmd('show startup-config | include hostname'), /hostname cbr8-cand/, 'save-config wrote the startup configuration');
});

t.test('IOS-XR: candidate, commit, and the CLI in both directions', async (t) => {
  const xr = await start(t, 'NCS-560');
  const { client } = await session(t, xr);
  const cli = await shell(t, xr);
  const refused = await rejection(client.editConfig('running', `<domain xmlns="${UM_DOMAIN}"><name>x.example.com</name></domain>`));
  t.equal(refused.tag, 'operation-not-supported', 'running is not writable on IOS-XR');

  await client.editConfig(
    'candidate',
    `<domain xmlns="${UM_DOMAIN}"><name-servers><name-server><order>0</order><address>198.51.100.247</address></name-server></name-servers></domain>` +
      `<call-home xmlns="${UM_CH}"><service><active/></service><contact><smart-licensing/></contact><profiles><profile><profile-name>CiscoTAC-1</profile-name><active/>` +
      '<destination><addresses><address><address-type>http</address-type><destination-address>https://cssm.example.net/its/service/oddce/services/DDCEService</destination-address></address></addresses>' +
      '<transport-method><http/><email><disable/></email></transport-method></destination><reporting><smart-licensing-data/></reporting></profile></profiles></call-home>',
  );
  t.notMatch(await cli.cmd('show running-config'), /call-home/, 'nothing before the commit');
  t.same(await client.getConfig('running'), [], 'running unchanged');
  await client.commit();
  const run = await cli.cmd('show running-config');
  t.match(run, /\ndomain name-server 198\.51\.100\.247\ncall-home\n service active\n contact smart-licensing\n profile CiscoTAC-1\n  active\n  destination address http https:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n  destination transport-method email disable\n  destination transport-method http\n  reporting smart-licensing-data\n !\n!\n/);
  t.match(await cli.cmd('show configuration commit list'), /admin/, 'the commit is listed under the NETCONF user');

  await cli.cmd('configure');
  await cli.cmd('http client source-interface ipv4 MgmtEth0/RP0/CPU0/0');
  await cli.cmd('license smart flexible-consumption enable');
  await cli.cmd('commit');
  await cli.cmd('end');
  const data = await client.getConfig('running');
  t.equal(selectPath(data, ['http', 'client', 'source-interface', 'ipv4', 'interface'])[0]?.text, 'MgmtEth0/RP0/CPU0/0');
  t.equal(selectPath(data, ['licensing', 'flex-consumption', 'fcm-enable']).length, 1);
  t.equal(selectPath(data, ['ip-domain', 'vrfs', 'vrf', 'servers', 'server', 'server-address'])[0]?.text, '198.51.100.247', 'the native view too');
  const valid = await validateXml(renderXml(data), 'config');
  t.ok(valid.valid, `get-config passes yanglint: ${valid.messages.join('\n')}`);
});

t.test('two sessions and locks, and IOS-XR configure exclusive', async (t) => {
  const xr = await start(t, 'NCS-1004');
  const a = await session(t, xr);
  const b = await session(t, xr);
  await a.client.lock('candidate');
  const denied = await rejection(b.client.lock('candidate'));
  t.equal(denied.tag, 'lock-denied');
  t.same(denied.errors[0]?.info, { 'session-id': String(a.client.sessionId) });
  t.equal((await rejection(b.client.editConfig('candidate', `<domain xmlns="${UM_DOMAIN}"><name>b.example.com</name></domain>`))).tag, 'in-use');

  const cli = await shell(t, xr);
  t.match(await cli.cmd('configure exclusive'), /Failed to enter exclusive configuration mode/, 'a NETCONF lock keeps the CLI out of exclusive mode');
  await cli.cmd('configure');
  await cli.cmd('domain name cli.example.com');
  t.match(await cli.cmd('commit'), /Failed to commit/, 'and refuses CLI commits');
  await cli.cmd('abort');

  await a.client.editConfig('candidate', `<domain xmlns="${UM_DOMAIN}"><name>a.example.com</name></domain>`);
  await a.client.commit();
  await a.client.unlock('candidate');
  t.match(await cli.cmd('show running-config domain'), /domain name a\.example\.com/);

  t.notMatch(await cli.cmd('configure exclusive'), /Failed/, 'the lock is free again');
  const held = await rejection(b.client.lock('running'));
  t.equal(held.tag, 'lock-denied', 'CLI configure exclusive denies NETCONF locks');
  t.same(held.errors[0]?.info, { 'session-id': '0' }, 'session-id 0: held outside NETCONF');
  await b.client.editConfig('candidate', `<domain xmlns="${UM_DOMAIN}"><name>b.example.com</name></domain>`);
  const inUse = await rejection(b.client.commit());
  t.equal(inUse.tag, 'in-use', 'and NETCONF commits');
  await b.client.discardChanges();
  await cli.cmd('abort');

  await b.client.lock('running');
  await b.close();
  t.notMatch(await cli.cmd('configure exclusive'), /Failed/, 'a session that ends gives its lock back');
  await cli.cmd('abort');
});

t.test('IOS-XR confirmed commit rolls back on the device clock unless confirmed', async (t) => {
  const timers = new ManualTimers();
  const xr = await start(t, 'NCS-560', timers);
  const { client } = await session(t, xr);
  const cli = await shell(t, xr);
  await client.editConfig('candidate', `<domain xmlns="${UM_DOMAIN}"><name>trial.example.com</name></domain>`);
  await client.commit({ confirmed: true, confirmTimeout: 120 });
  t.match(await cli.cmd('show running-config domain'), /domain name trial\.example\.com/);
  timers.advance(119_000);
  t.match(await cli.cmd('show running-config domain'), /domain name trial\.example\.com/, 'still there before the timeout');
  timers.advance(2_000);
  await client.getConfig('running'); // one round trip: the rollback (queued on the device when the timer fired) has run
  t.notMatch(await cli.cmd('show running-config'), /trial\.example\.com/, 'rolled back after 120 s of device time');

  await client.editConfig('candidate', `<domain xmlns="${UM_DOMAIN}"><name>kept.example.com</name></domain>`);
  await client.commit({ confirmed: true, confirmTimeout: 60 });
  await client.commit();
  timers.advance(3_600_000);
  await client.getConfig('running');
  t.match(await cli.cmd('show running-config domain'), /domain name kept\.example\.com/, 'a confirming commit keeps it');
});

t.test('more RPCs and operational state per device through the hook', async (t) => {
  const calls: string[] = [];
  const hooked = netconfExtension({
    rpcs: (device) => [
      {
        namespace: XR_ACT,
        name: 'register-id-token',
        handler: (input) => {
          calls.push(`${device.name}:${selectPath([input], ['register-id-token', 'id-token'])[0]?.text ?? ''}`);
          return [xmlElement('response', XR_ACT, [xmlElement('operation-status', XR_ACT, 'success')])];
        },
      },
    ],
    state: () => () => [xmlElement('smart-agent', XR_OPER, [xmlElement('licensing', XR_OPER, [xmlElement('state', XR_OPER, [xmlElement('smart-enabled', XR_OPER, 'yes')])])])],
  });
  const xr = await startDevice({ model: 'NCS-560', name: 'hooked' }, { hostKeys, extensions: [hooked] });
  t.teardown(() => xr.close());
  const { client } = await session(t, xr);
  const reply = await client.call(`<register-id-token xmlns="${XR_ACT}"><id-token>TOKEN</id-token></register-id-token>`);
  t.equal(selectPath(reply.body, ['response', 'operation-status'])[0]?.text, 'success');
  t.same(calls, ['hooked:TOKEN']);
  const state = await client.get({ filter: `<smart-agent xmlns="${XR_OPER}"/>` });
  t.equal(selectPath(state, ['smart-agent', 'licensing', 'state', 'smart-enabled'])[0]?.text, 'yes');
});

t.test('error replies', async (t) => {
  const xe = await start(t, 'cBR-8');
  const { client } = await session(t, xe);
  const cli = await shell(t, xe);
  const before = await cli.cmd('show running-config | exclude Last configuration');

  const invalid = await rejection(client.editConfig('running', native('<hostname>two words</hostname>')));
  t.match(invalid.errors, [{ tag: 'invalid-value', type: 'application', path: '/native/hostname' }]);

  const missing = await rejection(client.editConfig('running', native('<crypto><pki xmlns="http://cisco.com/ns/yang/Cisco-IOS-XE-crypto"><trustpoint><revocation-check>none</revocation-check></trustpoint></pki></crypto>')));
  t.equal(missing.tag, 'missing-element');

  const unknownNs = await rejection(client.editConfig('running', '<banner xmlns="urn:example:not-a-module">x</banner>'));
  t.equal(unknownNs.tag, 'unknown-namespace');

  const unknownElement = await rejection(client.editConfig('running', native('<banner>x</banner>')));
  t.match(unknownElement.errors, [{ tag: 'unknown-element', path: '/native/banner' }]);

  const stop = xe.config.addValidator((change) => (change.line.startsWith('hostname ') ? '% Hostname changes are locked' : undefined));
  const vetoed = await rejection(client.editConfig('running', native('<hostname>vetoed</hostname><ip><domain><name>vetoed.example.com</name></domain></ip>')));
  t.match(vetoed.errors, [{ tag: 'operation-failed', path: '/native/hostname', message: /Hostname changes are locked/ }]);
  stop();
  t.equal(await cli.cmd('show running-config | exclude Last configuration'), before, 'no refused edit changed anything');

  // malformed XML needs a raw client on the same SSH port
  const conn = new ssh2.Client();
  conn.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    conn.once('ready', () => resolve());
    conn.once('error', reject);
    conn.connect({ host: '127.0.0.1', port: xe.netconfPort ?? 0, username: 'admin', password: 'admin', readyTimeout: 60_000 });
  });
  t.teardown(() => conn.end());
  const peer = new RawPeer(await openNetconfSubsystem(conn));
  await peer.next();
  peer.send(helloText(['urn:ietf:params:netconf:base:1.0', 'urn:ietf:params:netconf:base:1.1']));
  peer.channel.useChunked();
  peer.send(`<rpc xmlns="${NC}" message-id="1"><edit-config><target><running/></target><config>${native('<hostname>x')}</config></edit-config></rpc>`);
  const malformed = parseRpcReply((await peer.next()) ?? '');
  t.equal(malformed.errors[0]?.tag, 'malformed-message');
  t.equal(renderXml(await client.getConfig('running', { filter: native('<hostname/>') })), native('<hostname>Router</hostname>'));
});
