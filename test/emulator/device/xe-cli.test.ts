/**
 * IOS-XE (cBR-8) CLI over real SSH: prompts and modes, abbreviations, error texts, paging, sub-modes and their
 * fallback to the parent mode, saving, and every configuration sequence of INDEX.md §2 shown back in
 * `show running-config`.
 */
import t, { type Test } from 'tap';
import forge from 'node-forge';
import { startDevice, type EmulatedDevice } from '../../../src/emulator/index.js';
import { generateHostKeys } from '../../../src/emulator/device/host-key.js';
import { openShell, type CliClient } from './helpers/cli-client.js';

const hostKeys = generateHostKeys({ ed25519: true });

async function withDevice(
  t: Test,
  spec: Partial<Parameters<typeof startDevice>[0]> = {},
): Promise<EmulatedDevice> {
  const device = await startDevice({ model: 'cBR-8', ...spec }, { hostKeys });
  t.teardown(() => device.close());
  return device;
}

async function shell(t: Test, device: EmulatedDevice, options: Parameters<typeof openShell>[1] = {}): Promise<CliClient> {
  const cli = await openShell(device.port, options);
  t.teardown(() => cli.close());
  return cli;
}

t.test('login prompt, privilege, enable / disable with an enable secret', async (t) => {
  const device = await withDevice(t, {
    users: [
      { username: 'admin', password: 'admin' },
      { username: 'ops', password: 'ops-pw', privilege: 1 },
    ],
    enableSecret: 'en-secret',
  });
  const admin = await shell(t, device);
  t.equal(await admin.prompt(), 'Router#');
  t.equal(await admin.cmd('show privilege'), 'Current privilege level is 15\n');

  const ops = await shell(t, device, { username: 'ops', password: 'ops-pw' });
  t.equal(await ops.prompt(), 'Router>');
  t.equal(await ops.cmd('show privilege'), 'Current privilege level is 1\n');
  t.match(await ops.cmd('show running-config'), /% Invalid input detected at '\^' marker\./, 'privileged command refused at level 1');
  ops.write('enable\r');
  await ops.waitFor(/Password: $/);
  ops.write('wrong\r');
  await ops.waitFor(/Password: $/);
  ops.write('wrong\r');
  await ops.waitFor(/Password: $/);
  ops.write('wrong\r');
  const denied = await ops.waitFor(/Router>$/);
  t.match(denied, /% Bad secrets/);
  t.notMatch(denied, /wrong/, 'the password is not echoed');
  ops.write('en\r');
  await ops.waitFor(/Password: $/);
  ops.write('en-secret\r');
  await ops.waitFor(/Router#$/);
  t.equal(await ops.cmd('show privilege'), 'Current privilege level is 15\n');
  t.equal((await ops.raw('disable')).endsWith('Router>'), true);
  const answers = device.commandLog.entries((e) => e.kind === 'answer');
  t.ok(answers.length >= 4 && answers.every((e) => e.line === '***'), 'enable passwords are logged redacted');
});

t.test('abbreviations and exact IOS error texts', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal length 0');
  t.match(await cli.cmd('sh ver'), /^Cisco IOS XE Software, Version 16\.12\.01z\n/);
  t.match(await cli.cmd('sh run'), /^Building configuration\.\.\.\n\nCurrent configuration : \d+ bytes\n/);
  t.equal(await cli.raw('show vlan'), "show vlan\r\n            ^\r\n% Invalid input detected at '^' marker.\r\n\r\nRouter#");
  t.equal(await cli.raw('show'), 'show\r\n% Incomplete command.\r\n\r\nRouter#');
  t.equal(await cli.raw('c'), 'c\r\n% Ambiguous command:  "c"\r\nRouter#');
  t.equal(await cli.raw('conf t'), 'conf t\r\nEnter configuration commands, one per line.  End with CNTL/Z.\r\nRouter(config)#');
  t.equal(
    await cli.raw('show running-config'),
    "show running-config\r\n               ^\r\n% Invalid input detected at '^' marker.\r\n\r\nRouter(config)#",
    'show is not a configuration command (do show is)',
  );
  t.match(await cli.cmd('do sh run | include ^hostname'), /^hostname Router\n$/);
  t.equal(await cli.raw('end'), 'end\r\nRouter#');
});

t.test('lines end with \\r, \\n or \\r\\n, never executed twice; output and prompt come in one write', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  const before = device.commandLog.lastSeq;
  t.equal(await cli.raw('show privilege', '\n'), 'show privilege\r\nCurrent privilege level is 15\r\nRouter#');
  t.equal(await cli.raw('show privilege', '\r\n'), 'show privilege\r\nCurrent privilege level is 15\r\nRouter#');
  t.equal(await cli.raw('show privilege', '\r'), 'show privilege\r\nCurrent privilege level is 15\r\nRouter#');
  // A second \r\n-terminated line right after: still exactly one prompt per line.
  cli.write('terminal width 512\r\nterminal width 0\r\n');
  await cli.waitFor(/Router#terminal width 0\r\nRouter#$/);
  t.equal(device.commandLog.since(before).length, 5, 'five lines, five log entries');
  t.equal(cli.buffer, '');
});

t.test('paging at the pty height with --More--: space, enter, q; off after terminal length 0', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device, { rows: 24 });
  cli.write('show running-config\r');
  const first = await cli.waitFor(/ --More-- $/);
  t.equal(first.split('\r\n').length - 2, 23, 'the echo, 23 lines, then --More-- on a 24-line terminal');
  cli.write('\r');
  const oneMore = await cli.waitFor(/ --More-- $/);
  t.equal(oneMore.split('\r\n').length - 1, 1, 'enter shows one more line');
  cli.write(' ');
  const page = await cli.waitFor(/ --More-- $/);
  t.equal(page.split('\r\n').length - 1, 23, 'space shows the next page');
  cli.write('q');
  const stop = await cli.waitFor(/Router#$/);
  t.notMatch(stop, /\nend\r\n/, 'q stops before the end');
  await cli.cmd('terminal length 0');
  const all = await cli.cmd('show running-config');
  t.notMatch(all, /--More--/);
  t.match(all, /\nend\n$/);
});

t.test('configuration sub-modes, exit / end / Ctrl-Z, and lines that belong to the parent mode', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('configure terminal');
  const prompts: string[] = [];
  for (const line of ['call-home', 'profile CiscoTAC-1', 'exit', 'exit', 'crypto pki trustpoint cisco', 'exit', 'interface Loopback0', 'exit']) {
    await cli.raw(line);
    prompts.push(await cli.prompt());
  }
  t.same(prompts, [
    'Router(cfg-call-home)#',
    'Router(cfg-call-home-profile)#',
    'Router(cfg-call-home)#',
    'Router(config)#',
    'Router(ca-trustpoint)#',
    'Router(config)#',
    'Router(config-if)#',
    'Router(config)#',
  ]);
  await cli.raw('call-home');
  await cli.raw('profile test1');
  await cli.raw('hostname EDGE-CMTS-01');
  t.equal(await cli.prompt(), 'EDGE-CMTS-01(config)#', 'a global line typed in a sub-mode runs in config mode');
  await cli.raw('interface GigabitEthernet0');
  cli.write('\x1a');
  t.match(await cli.waitFor(/EDGE-CMTS-01#$/), /\^Z\r\n/);
  await cli.raw('conf t');
  await cli.raw('hostname A-very-long-hostname-of-30-chars');
  t.equal(await cli.prompt(), 'A-very-long-hostname(config)#', 'configuration prompts cut the hostname at 20 characters');
  await cli.raw('no hostname');
  t.equal(await cli.prompt(), 'Router(config)#');
  t.equal(await cli.raw('exit'), 'exit\r\nRouter#');
  t.equal(device.hostname, 'Router');
});

t.test('INDEX §2 IOS-XE sequences are accepted and shown in show running-config', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal length 0');
  const lines = [
    'configure terminal',
    // DNS prerequisites (000:46-52, 92-99)
    'ip name-server 198.51.100.53',
    'ip name-server 198.51.100.54 2001:db8::53',
    'ip name-server vrf Mgmt-intf 192.0.2.53',
    'ip domain-lookup',
    'ip domain name example.com',
    // HTTP client source interface (000:490-513)
    'ip http client source-interface GigabitEthernet0',
    // Transport gateway with a trustpoint (000:515-534)
    'crypto pki trustpoint cisco',
    'enrollment terminal',
    'revocation-check none',
    'exit',
    'call-home',
    'contact-email-addr sch-smart-licensing@cisco.com',
    'http-proxy 198.51.100.10 port 3128',
    'profile CiscoTAC-1',
    'no reporting smart-licensing-data',
    'exit',
    'profile Custom-Profile-1',
    'reporting smart-licensing-data',
    'destination transport-method http',
    'no destination transport-method email',
    'destination address http https://ds.example.net:844/transportgate/services/DeviceRequestHandler',
    'destination preferred-msg-format xml',
    'active',
    'end',
  ];
  for (const line of lines) {
    const out = await cli.cmd(line);
    t.notMatch(out, /%/, `accepted: ${line}`);
  }
  const running = await cli.cmd('show running-config');
  for (const expected of [
    '\nip name-server 198.51.100.53 198.51.100.54 2001:db8::53\n',
    '\nip name-server vrf Mgmt-intf 192.0.2.53\n',
    '\nip domain lookup\n',
    '\nip domain name example.com\n',
    '\ncrypto pki trustpoint cisco\n enrollment terminal\n revocation-check none\n!\n',
    '\nip http client source-interface GigabitEthernet0\n',
    ' contact-email-addr sch-smart-licensing@cisco.com\n http-proxy 198.51.100.10 port 3128\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email\n  no reporting smart-licensing-data\n profile "Custom-Profile-1"\n  active\n  destination address http https://ds.example.net:844/transportgate/services/DeviceRequestHandler\n  destination preferred-msg-format xml\n  destination transport-method http\n  no destination transport-method email\n  reporting smart-licensing-data\n!\n',
  ]) {
    t.ok(running.includes(expected), `running-config has ${JSON.stringify(expected.trim().split('\n')[0])}`);
  }
  t.equal(running.match(/^call-home$/gm)?.length, 1);
  t.equal(await cli.cmd('show running-config | include ^ip domain'), 'ip domain lookup\nip domain name example.com\n');
  // `no` forms remove what they name.
  await cli.cmd('conf t');
  await cli.cmd('no ip name-server 198.51.100.54');
  await cli.cmd('no ip domain name');
  await cli.cmd('call-home');
  await cli.cmd('profile Custom-Profile-1');
  await cli.cmd('no destination address http https://ds.example.net:844/transportgate/services/DeviceRequestHandler');
  await cli.cmd('destination transport-method email');
  await cli.cmd('end');
  const after = await cli.cmd('show running-config | section call-home');
  t.notMatch(after, /ds\.example\.net/);
  t.match(after, /profile "Custom-Profile-1"\n  active\n  destination preferred-msg-format xml\n  destination transport-method http\n  reporting/);
  const dns = await cli.cmd('show running-config | include name-server|domain name');
  t.equal(dns, 'ip name-server 198.51.100.53 2001:db8::53\nip name-server vrf Mgmt-intf 192.0.2.53\n');
});

t.test('the factory configuration has call-home with CiscoTAC-1 active over HTTP', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  t.equal(
    await cli.cmd('show running-config | section call-home'),
    [
      'call-home',
      ' ! If contact email address in call-home is configured as sch-smart-licensing@cisco.com',
      ' ! the email address configured in Cisco Smart License Portal will be used as contact email address to send SCH notifications.',
      ' contact-email-addr sch-smart-licensing@cisco.com',
      ' profile "CiscoTAC-1"',
      '  active',
      '  destination transport-method http',
      '  no destination transport-method email',
      '',
    ].join('\n'),
  );
});

t.test('interfaces and the cBR-8 DOCSIS lines', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('conf t');
  await cli.cmd('interface Loopback0');
  t.equal(await cli.cmd('ip address 10.0.0.1 255.0.255.0'), 'Bad mask 0xFF00FF00 for address 10.0.0.1\n');
  for (const line of ['description smart licensing source', 'ip address 10.0.0.1 255.255.255.255', 'ipv6 address 2001:db8::1/128', 'shutdown']) {
    t.equal(await cli.cmd(line), '', line);
  }
  await cli.cmd('interface Cable1/0/0');
  await cli.cmd('cable upstream 0 shutdown');
  await cli.cmd('controller upstream-cable 1/0/0');
  await cli.cmd('us-channel 1 frequency 12000000');
  await cli.cmd('controller integrated-cable 1/0/0');
  await cli.cmd('rf-ch 4 7');
  t.equal(await cli.prompt(), 'Router(config-rf-chan)#');
  await cli.cmd('type docsis');
  await cli.cmd('end');
  const text = device.config.runningText();
  t.match(text, /\ninterface Loopback0\n description smart licensing source\n ip address 10\.0\.0\.1 255\.255\.255\.255\n ipv6 address 2001:db8::1\/128\n shutdown\n!\n/);
  t.match(text, /\ninterface Cable1\/0\/0\n load-interval 30\n downstream Integrated-Cable 1\/0\/0 rf-channel 0-3\n upstream 0 Upstream-Cable 1\/0\/0 us-channel 0\n cable bundle 1\n cable upstream 0 shutdown\n!/);
  t.match(text, /\ncontroller Upstream-Cable 1\/0\/0\n(?: .*\n)* us-channel 1 frequency 12000000\n!/);
  t.match(text, /\n rf-chan 4 7\n  type DOCSIS\n!/);
  t.match(await cli.cmd('show running-config interface lo0'), /^Building configuration\.\.\.\n\nCurrent configuration : \d+ bytes\n!\ninterface Loopback0\n/);
});

t.test('copy running-config startup-config and write memory', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal length 0');
  await cli.cmd('conf t');
  await cli.cmd('hostname SAVED');
  await cli.cmd('end');
  t.notMatch(await cli.cmd('show startup-config'), /hostname SAVED/);
  cli.write('copy running-config startup-config\r');
  t.equal(await cli.waitFor(/\? $/), 'copy running-config startup-config\r\nDestination filename [startup-config]? ');
  t.equal(await cli.raw(''), '\r\nBuilding configuration...\r\n[OK]\r\nSAVED#');
  const startup = await cli.cmd('show startup-config');
  t.match(startup, /^Using \d+ out of 33554432 bytes\n!\n! Last configuration change at .* by admin\n! NVRAM config last updated at .* by admin\n!\n/);
  t.match(startup, /\nhostname SAVED\n/);
  t.equal(await cli.cmd('write memory'), 'Building configuration...\n[OK]\n');
  t.equal(await cli.cmd('wr'), 'Building configuration...\n[OK]\n');
});

t.test('crypto pki authenticate: PEM paste ending in quit, fingerprints, accept', async (t) => {
  const device = await withDevice(t);
  const keys = forge.pki.rsa.generateKeyPair(1024);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = '0a';
  cert.validity.notBefore = new Date(Date.UTC(2024, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2034, 0, 1));
  const attrs = [{ name: 'commonName', value: 'Emulated CA' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([{ name: 'basicConstraints', cA: true }]);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const pem = forge.pki.certificateToPem(cert).trim();

  const cli = await shell(t, device);
  await cli.cmd('conf t');
  t.match(await cli.cmd('crypto pki authenticate nosuch'), /% Invalid input detected/);
  await cli.cmd('crypto pki trustpoint cisco');
  await cli.cmd('enrollment terminal');
  await cli.cmd('revocation-check none');
  await cli.cmd('exit');
  cli.write('crypto pki authenticate cisco\r');
  const intro = await cli.waitFor(/End with a blank line or the word "quit" on a line by itself\r\n\r\n$/);
  t.match(intro, /\r\nEnter the base 64 encoded CA certificate\.\r\n/);
  cli.write(`${pem.split(/\r?\n/).join('\r')}\rquit\r`);
  const question = await cli.waitFor(/% Do you accept this certificate\? \[yes\/no\]: $/);
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), 'binary');
  const { createHash } = await import('node:crypto');
  const md5 = (createHash('md5').update(der).digest('hex').toUpperCase().match(/.{8}/g) ?? []).join(' ');
  t.match(question, `Certificate has the following attributes:\r\n       Fingerprint MD5: ${md5} \r\n`);
  t.match(question, /      Fingerprint SHA1: (?:[0-9A-F]{8} ){5}\r\n/);
  t.equal(await cli.raw('yes'), 'yes\r\nTrustpoint CA certificate accepted.\r\n% Certificate successfully imported\r\n\r\nRouter(config)#');
  await cli.cmd('end');
  const text = device.config.runningText();
  t.match(text, /\ncrypto pki certificate chain cisco\n certificate ca 0A\n  [0-9A-F]{8}(?: [0-9A-F]{8}){7}\n/);
  t.match(text, /\n  \tquit\n!\n/);
  const pasted = device.commandLog.entries((e) => e.kind === 'answer');
  t.ok(pasted.some((e) => e.line === '-----BEGIN CERTIFICATE-----'), 'pasted lines are logged as answers');
});

t.test('an exec channel runs one command without echo or prompt; a client may leave without exit', async (t) => {
  const device = await withDevice(t);
  const { execCommand } = await import('./helpers/cli-client.js');
  t.equal(await execCommand(device.port, 'show privilege'), 'Current privilege level is 15\r\n');
  const cli = await openShell(device.port);
  await cli.cmd('show clock');
  cli.close();
  await cli.waitClosed();
  const again = await shell(t, device);
  t.equal(await again.prompt(), 'Router#', 'the device still serves new sessions');
});

t.test('? lists what may come next and reprints the line (Ansible reads `show running-config ?` for "all")', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal length 0');
  cli.write('show running-config ?');
  t.equal(
    await cli.waitFor(/Router#show running-config $/),
    'show running-config ?\r\n  all\r\n  brief\r\n  full\r\n  interface\r\n  view\r\n  <cr>\r\n\r\nRouter#show running-config ',
  );
  cli.write('\x15sh ver?');
  t.match(await cli.waitFor(/Router#sh ver$/), /\r\nversion\r\n\r\nRouter#sh ver$/);
  cli.write('\r');
  t.match(await cli.waitFor(/Router#$/), /Cisco IOS XE Software/);
});

t.test('show call-home profile reflects the configuration and the CiscoTAC-1 defaults (seed 000:57-90)', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal length 0');
  const tac = await cli.cmd('show call-home profile CiscoTAC-1');
  t.match(tac, /^Profile Name: CiscoTAC-1\n    Profile status: ACTIVE\n    Profile mode: Full Reporting\n    Reporting Data: Smart Call Home, Smart Licensing\n    Preferred Message Format: xml\n    Message Size Limit: 3145728 Bytes\n    Transport Method: http\n    HTTP  address: https:\/\/tools\.cisco\.com\/its\/service\/oddce\/services\/DDCEService\n/);
  for (const line of ['conf t', 'call-home', 'profile CiscoTAC-1', 'destination address http http://cssm.example.net/its/service/oddce/services/DDCEService', 'destination transport-method email', 'no reporting smart-licensing-data', 'exit', 'profile test1', 'no active', 'end']) {
    await cli.cmd(line);
  }
  const all = await cli.cmd('show call-home profile all');
  t.match(all, /Reporting Data: Smart Call Home\n[^]*Transport Method: http and email\n    HTTP  address: http:\/\/cssm\.example\.net\/its\/service\/oddce\/services\/DDCEService\n    Email address\(es\): callhome@cisco\.com\n/);
  t.match(all, /\nProfile Name: test1\n    Profile status: INACTIVE\n[^]*    Transport Method: email\n    Email address\(es\): Not yet set up\n/);
  t.match(await cli.cmd('show call-home profile nosuch'), /% Invalid input detected/);
});

t.test('a client that leaves in the middle of a question ends the session cleanly', async (t) => {
  const device = await withDevice(t);
  const cli = await openShell(device.port);
  cli.write('copy running-config startup-config\r');
  await cli.waitFor(/\? $/);
  cli.close();
  await cli.waitClosed();
  const again = await shell(t, device);
  t.equal(await again.prompt(), 'Router#');
  const copy = device.commandLog.entries((e) => e.line === 'copy running-config startup-config');
  t.equal(copy[0]?.outcome, 'failed', 'logged as not completed');
});

t.test('default <line> resets a line to its default: neither the line nor its no form stays', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  for (const line of ['conf t', 'ip domain-lookup', 'call-home', 'profile CiscoTAC-1', 'no reporting smart-licensing-data', 'no active', 'end']) {
    t.notMatch(await cli.cmd(line), /%/, `accepted: ${line}`);
  }
  const before = device.config.runningText();
  t.match(before, /\nip domain lookup\n/);
  t.match(before, /\n  no active\n/);
  t.match(before, /\n  no reporting smart-licensing-data\n/);
  for (const line of ['conf t', 'default ip domain lookup', 'call-home', 'profile CiscoTAC-1', 'default reporting smart-licensing-data', 'default active', 'default destination transport-method email', 'end']) {
    t.notMatch(await cli.cmd(line), /%/, `accepted: ${line}`);
  }
  const after = device.config.runningText();
  t.notMatch(after, /ip domain lookup/);
  t.match(after, /\n profile "CiscoTAC-1"\n  destination transport-method http\n!\n/, 'only the http transport is left');
  t.match(await cli.cmd('conf t'), /Enter configuration commands/);
  t.match(await cli.cmd('default profile CiscoTAC-1'), /% Invalid input detected/, 'not for sub-mode lines');
  await cli.cmd('end');
});

t.test('no crypto pki trustpoint asks before destroying its certificates, then removes both', async (t) => {
  const device = await withDevice(t);
  device.config.apply('crypto pki trustpoint plain\n enrollment terminal\ncrypto pki trustpoint held\n enrollment terminal\ncrypto pki certificate chain held\n certificate ca 0A\n  30820122 300D0609\n  quit');
  const cli = await shell(t, device);
  await cli.cmd('conf t');
  t.equal(await cli.cmd('no crypto pki trustpoint plain'), '', 'no certificates: no question');
  t.notMatch(device.config.runningText(), /trustpoint plain/);
  cli.write('no crypto pki trustpoint held\r');
  t.match(
    await cli.waitFor(/\[yes\/no\]: $/),
    /% Removing an enrolled trust point will destroy all certificates\r\nreceived from the related Certificate Authority\.\r\n\r\nAre you sure you want to do this\? \[yes\/no\]: $/,
  );
  t.equal(await cli.raw('no'), 'no\r\nRouter(config)#');
  t.match(device.config.runningText(), /crypto pki certificate chain held/, 'kept after "no"');
  cli.write('no crypto pki trustpoint held\r');
  await cli.waitFor(/\[yes\/no\]: $/);
  t.equal(await cli.raw('yes'), 'yes\r\n% Be sure to ask the CA administrator to revoke your certificates.\r\nRouter(config)#');
  t.notMatch(device.config.runningText(), /held/, 'trustpoint and chain removed');
  await cli.cmd('end');
});
