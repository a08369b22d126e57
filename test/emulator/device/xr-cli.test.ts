/**
 * IOS-XR (NCS 560 / NCS 1004) CLI over real SSH: timestamps, candidate configuration, commit / abort /
 * confirmed / failed / label / comment, the uncommitted-changes question, exclusive sessions, and every
 * configuration sequence of INDEX.md §2 shown back in `show running-config`.
 */
import t, { type Test } from 'tap';
import { iosXr } from '../../../src/platforms/index.js';
import { ManualTimers, startDevice, type EmulatedDevice } from '../../../src/emulator/index.js';
import { generateHostKeys } from '../../../src/emulator/device/host-key.js';
import { openShell, type CliClient } from './helpers/cli-client.js';

const hostKeys = generateHostKeys();
const P = 'RP/0/RP0/CPU0:ios';

async function withDevice(t: Test, model: 'NCS-560' | 'NCS-1004' = 'NCS-560', timers?: ManualTimers): Promise<EmulatedDevice> {
  const device = await startDevice({ model }, { hostKeys, ...(timers === undefined ? {} : { timers }) });
  t.teardown(() => device.close());
  return device;
}

async function shell(t: Test, device: EmulatedDevice): Promise<CliClient> {
  const cli = await openShell(device.port);
  t.teardown(() => cli.close());
  return cli;
}

/** Output without the leading timestamp line (asserting that it is there). */
function stamped(t: Test, out: string): string {
  const [first = '', ...rest] = out.split('\n');
  t.match(first, iosXr.execTimestamp ?? /never/, 'timestamp line first');
  return rest.join('\n');
}

t.test('prompt, timestamps before exec output, show version for both models', async (t) => {
  const timers = new ManualTimers(Date.UTC(2024, 6, 2, 13, 13, 37, 123));
  const device = await withDevice(t, 'NCS-560', timers);
  const cli = await shell(t, device);
  t.equal(await cli.prompt(), `${P}#`);
  t.equal(await cli.raw('terminal length 0'), `terminal length 0\r\n${P}#`, 'terminal commands print no timestamp');
  const version = await cli.cmd('show version | utility head -n 20');
  t.equal(version.split('\n')[0], 'Tue Jul  2 13:13:37.123 UTC');
  const body = stamped(t, version);
  t.equal(body.split('\n').length - 1, 15, 'head -n 20 keeps the 15-line output');
  t.match(body, /^Cisco IOS XR Software, Version 7\.3\.2\n/);
  t.match(body, /\ncisco NCS-560 \(\) processor\nSystem uptime is \d+ (?:week|day)/);
  t.equal(await cli.cmd('show running-config hostname'), 'Tue Jul  2 13:13:37.123 UTC\nhostname ios\n\n');
  t.equal(await cli.cmd('show running-config call-home'), 'Tue Jul  2 13:13:37.123 UTC\n% No such configuration item(s)\n\n', 'no call-home by default');
  t.equal(await cli.raw('terminal exec prompt no-timestamp'), `terminal exec prompt no-timestamp\r\n${P}#`);
  t.equal(await cli.cmd('show running-config hostname'), 'hostname ios\n\n');
  t.equal(await cli.raw('show vlan'), `show vlan\r\n${' '.repeat(P.length + 6)}^\r\n% Invalid input detected at '^' marker.\r\n${P}#`);

  const ncs1004 = await withDevice(t, 'NCS-1004');
  const cli1004 = await shell(t, ncs1004);
  t.match(await cli1004.cmd('show version'), /\ncisco NCS-1004 \(\) processor\n/);
});

t.test('candidate: show configuration, show commit changes diff, commit, running-config', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal exec prompt no-timestamp');
  await cli.cmd('terminal length 0');
  t.equal(await cli.raw('configure terminal'), `configure terminal\r\n${P}(config)#`);
  await cli.cmd('domain name-server 198.51.100.247');
  await cli.cmd('call-home');
  t.equal(await cli.prompt(), `${P}(config-call-home)#`);
  await cli.cmd('service active');
  t.notMatch(device.config.runningText(), /call-home/, 'running is untouched before commit');
  t.equal(
    await cli.cmd('show configuration'),
    'Building configuration...\n!! IOS XR Configuration 7.3.2\ndomain name-server 198.51.100.247\ncall-home\n service active\n!\nend\n\n',
  );
  t.equal(
    await cli.cmd('show commit changes diff'),
    'Building configuration...\n!! IOS XR Configuration 7.3.2\n+  domain name-server 198.51.100.247\n+  call-home\n+   service active\n   !\nend\n\n',
  );
  t.equal(await cli.cmd('commit'), '');
  t.equal(await cli.prompt(), `${P}(config-call-home)#`, 'commit keeps the mode');
  t.match(device.config.runningText(), /\ndomain name-server 198\.51\.100\.247\ncall-home\n service active\n!\n/);
  t.equal(await cli.cmd('commit'), '% No modifications to commit.\n');
  t.equal(await cli.raw('end'), `end\r\n${P}#`, 'nothing pending: no question');
  const running = await cli.cmd('show running-config');
  t.match(running, /^Building configuration\.\.\.\n!! IOS XR Configuration 7\.3\.2\n!! Last configuration change at \w{3} \w{3} [ \d]\d \d\d:\d\d:\d\d \d{4} by admin\n!\nhostname ios\ndomain name-server 198\.51\.100\.247\ncall-home\n/);
  t.match(running, /\nend\n$/);
});

t.test('commit comment / label, show configuration commit list, abort', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal exec prompt no-timestamp');
  await cli.cmd('conf');
  await cli.cmd('domain name example.com');
  await cli.cmd('commit label SMARTLIC-1 comment call home setup');
  await cli.cmd('domain lookup disable');
  await cli.cmd('commit comment "second change"');
  const [latest, first] = device.config.commits();
  t.equal(first?.label, 'SMARTLIC-1');
  t.equal(first?.comment, 'call home setup');
  t.equal(latest?.comment, '"second change"');
  t.match(await cli.cmd('show configuration commit list'), /\n1    1000000002 +admin .*\n2    SMARTLIC-1 +admin /);
  await cli.cmd('hostname discarded');
  t.equal(await cli.raw('abort'), `abort\r\n${P}#`, 'abort discards and leaves configuration mode');
  t.equal(device.hostname, 'ios');
  t.match(await cli.cmd('show configuration commit list'), /SMARTLIC-1/, 'commit list also in exec');
});

t.test('leaving with uncommitted changes asks; cancel stays, no discards, yes commits', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('configure');
  await cli.cmd('hostname first');
  cli.write('end\r');
  t.equal(await cli.waitFor(/\[cancel\]:$/), 'end\r\nUncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:');
  t.equal(await cli.raw(''), `\r\n${P}(config)#`, 'empty answer = cancel');
  cli.write('exit\r');
  await cli.waitFor(/\[cancel\]:$/);
  t.equal(await cli.raw('no'), `no\r\n${P}#`);
  t.equal(device.hostname, 'ios');
  await cli.cmd('configure');
  await cli.cmd('hostname second');
  cli.write('\x1a');
  await cli.waitFor(/\[cancel\]:$/);
  const yes = await cli.raw('yes');
  t.match(yes, /^yes\r\nRP\/0\/RP0\/CPU0:second#$/);
  t.equal(device.hostname, 'second');
});

t.test('commit confirmed rolls back on the device clock unless confirmed', async (t) => {
  const timers = new ManualTimers();
  const device = await withDevice(t, 'NCS-560', timers);
  const cli = await shell(t, device);
  await cli.cmd('terminal exec prompt no-timestamp');
  await cli.cmd('configure');
  await cli.cmd('hostname trial');
  t.match(await cli.cmd('commit confirmed 10'), /% Invalid input detected/, 'below the 30-second minimum');
  await cli.cmd('commit confirmed 30');
  t.equal(device.hostname, 'trial');
  timers.advance(29_000);
  t.equal(device.hostname, 'trial');
  timers.advance(2_000);
  t.equal(device.hostname, 'ios', 'rolled back after 30 s');
  t.ok(device.syslog.entries().some((e) => e.mnemonic === 'DB_COMMIT'));
  await cli.cmd('hostname kept');
  await cli.cmd('commit confirmed minutes 2');
  t.equal(await cli.cmd('commit'), '', 'a plain commit confirms');
  timers.advance(10 * 60_000);
  t.equal(device.hostname, 'kept');
  const events = device.config.commits();
  t.ok(events.length >= 3);
});

t.test('configure exclusive refuses a second exclusive session until the first leaves', async (t) => {
  const device = await withDevice(t);
  const a = await shell(t, device);
  const b = await shell(t, device);
  await a.cmd('terminal exec prompt no-timestamp');
  await b.cmd('terminal exec prompt no-timestamp');
  t.equal(await a.raw('configure exclusive'), `configure exclusive\r\n${P}(config)#`);
  t.match(await b.cmd('configure exclusive'), /^% Failed to enter exclusive configuration mode/);
  t.equal(await b.prompt(), `${P}#`);
  await b.cmd('configure');
  await b.cmd('hostname from-b');
  t.match(await b.cmd('commit'), /% Failed to commit: the configuration is locked/);
  await b.cmd('abort');
  await a.cmd('end');
  t.equal(await b.raw('configure exclusive'), `configure exclusive\r\n${P}(config)#`);
});

t.test('a validator refusing a line fails the commit with the IOS-XR texts', async (t) => {
  const device = await withDevice(t);
  const stop = device.config.addValidator((change) =>
    /^destination address http http:\/\//.test(change.line) ? "'call-home' detected the 'warning' condition 'HTTP (not HTTPS) destination refused'" : undefined,
  );
  t.teardown(stop);
  const cli = await shell(t, device);
  await cli.cmd('terminal exec prompt no-timestamp');
  await cli.cmd('configure');
  await cli.cmd('call-home');
  await cli.cmd('profile test1');
  await cli.cmd('destination address http http://198.51.100.9/Transportgateway/services/DeviceRequestHandler');
  t.equal(
    await cli.cmd('commit'),
    "\n% Failed to commit one or more configuration items during a pseudo-atomic operation. All changes made have been reverted. Please issue 'show configuration failed [inheritance]' from this session to view the errors\n",
  );
  t.equal(
    await cli.cmd('show configuration failed'),
    [
      '!! SEMANTIC ERRORS: This configuration was rejected by ',
      '!! the system due to semantic errors. The individual ',
      '!! errors with each failed configuration command can be ',
      '!! found below.',
      '',
      '',
      'call-home',
      ' profile test1',
      '  destination address http http://198.51.100.9/Transportgateway/services/DeviceRequestHandler',
      "!!% 'call-home' detected the 'warning' condition 'HTTP (not HTTPS) destination refused'",
      ' !',
      '!',
      'end',
      '',
      '',
    ].join('\n'),
  );
  t.match(await cli.cmd('commit show-error'), /% Failed to commit[^\n]*\n!! SEMANTIC ERRORS/, 'show-error prints the errors at once');
  t.notMatch(device.config.runningText(), /call-home/, 'nothing applied');
  t.equal(device.commandLog.entries((e) => e.kind === 'commit' && e.outcome === 'failed').length, 2);
  await cli.cmd('abort');
});

t.test('INDEX §2 IOS-XR sequences are accepted and shown in show running-config', async (t) => {
  const sequences: { name: string; model: 'NCS-560' | 'NCS-1004'; lines: string[]; expect: string[] }[] = [
    {
      name: 'call-home direct, NCS 560 (001:259-284)',
      model: 'NCS-560',
      lines: [
        'configure terminal',
        'call-home',
        'service active',
        'contact-email-addr username@example.com',
        'profile CiscoTAC-1',
        'destination transport-method http',
        'destination address http https://tools.cisco.com/its/service/ctbe/services/IDEService',
        'active',
        'no destination transport-method email',
        'commit',
        'exit',
        'exit',
      ],
      expect: [
        'call-home\n service active\n contact-email-addr username@example.com\n profile CiscoTAC-1\n  active\n  destination address http https://tools.cisco.com/its/service/ctbe/services/IDEService\n  destination transport-method email disable\n  destination transport-method http\n !\n!\n',
      ],
    },
    {
      name: 'HTTP proxy, NCS 560 (001:286-312)',
      model: 'NCS-560',
      lines: [
        'configure terminal',
        'call-home',
        'service active',
        'contact-email-addr sch-smart-licensing@cisco.com',
        'http-proxy 198.51.100.10 port 3128',
        'profile CiscoTAC-1',
        'no destination transport-method email',
        'exit',
        'profile test1',
        'reporting smart-licensing-data',
        'destination transport-method http',
        'destination address http https://tools.cisco.com/its/service/otbe/services/IDEService',
        'active',
        'exit',
        'exit',
        'commit',
      ],
      expect: [' http-proxy 198.51.100.10 port 3128\n', ' profile test1\n  active\n  destination address http https://tools.cisco.com/its/service/otbe/services/IDEService\n  destination transport-method http\n  reporting smart-licensing-data\n !\n'],
    },
    {
      name: 'CSSM On-Prem, NCS 560 (001:314-340)',
      model: 'NCS-560',
      lines: [
        'configure terminal',
        'call-home',
        'profile test1',
        'reporting smart-licensing-data',
        'destination transport-method http',
        'destination address http http://209.165.201.15/Transportgateway/services/DeviceRequestHandler',
        'no destination address http https://tools.cisco.com/its/service/odbe/services/IDCEService',
        'destination preferred-msg-format xml',
        'active',
        'exit',
        'exit',
        'http client source-interface ipv4 Vlan100',
        'crypto ca trustpool policy crl optional',
        'commit',
        'end',
      ],
      expect: [
        '  destination address http http://209.165.201.15/Transportgateway/services/DeviceRequestHandler\n  destination preferred-msg-format xml\n',
        '\nhttp client source-interface ipv4 Vlan100\n',
        '\ncrypto ca trustpool policy\n crl optional\n!\n',
      ],
    },
    {
      name: 'flexible consumption, NCS 560 (001:32-44)',
      model: 'NCS-560',
      lines: ['configure terminal', 'license smart flexible-consumption enable', 'commit', 'end'],
      expect: ['\nlicense smart flexible-consumption enable\n'],
    },
    {
      name: 'call-home direct and satellite, NCS 1004 (004:178-227)',
      model: 'NCS-1004',
      lines: [
        'configure',
        'domain name-server 198.51.100.247',
        'call-home',
        'service active',
        'contact smart-licensing',
        'profile CiscoTAC-1',
        'active',
        'destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
        'destination transport-method http',
        'exit',
        'exit',
        'crypto ca trustpoint Trustpool crl optional',
        'http client source-interface ipv6 MgmtEth0/RP0/CPU0/0',
        'commit',
        'end',
      ],
      expect: [
        '\ndomain name-server 198.51.100.247\n',
        '\ncall-home\n service active\n contact smart-licensing\n profile CiscoTAC-1\n  active\n  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService\n  destination transport-method http\n !\n!\n',
        '\ncrypto ca trustpoint Trustpool\n crl optional\n!\n',
        '\nhttp client source-interface ipv6 MgmtEth0/RP0/CPU0/0\n',
      ],
    },
  ];
  for (const seq of sequences) {
    await t.test(seq.name, async (t) => {
      const device = await withDevice(t, seq.model);
      const cli = await shell(t, device);
      await cli.cmd('terminal exec prompt no-timestamp');
      await cli.cmd('terminal length 0');
      for (const line of seq.lines) t.notMatch(await cli.cmd(line), /%/, `accepted: ${line}`);
      const running = await cli.cmd('show running-config');
      for (const e of seq.expect) t.ok(running.includes(e), `shows ${JSON.stringify(e.trim().split('\n')[0])}`);
    });
  }
});

t.test('show works in configuration mode with the timestamp; do works too', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('configure');
  t.match(stamped(t, await cli.cmd('show running-config hostname')), /^hostname ios\n/);
  t.match(stamped(t, await cli.cmd('do show clock')), /^\d\d:\d\d:\d\d\.\d{3} UTC /);
  t.equal(await cli.cmd('domain name example.org'), '', 'configuration lines print no timestamp');
  await cli.cmd('abort');
});

t.test('show call-home profile: CiscoTAC-1 is inactive until configured', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal exec prompt no-timestamp');
  await cli.cmd('terminal length 0');
  t.match(await cli.cmd('show call-home profile all'), /^Profile Name: CiscoTAC-1\n    Profile status: INACTIVE\n[^]*    Transport Method: email\n/);
  for (const line of ['configure', 'call-home', 'profile CiscoTAC-1', 'active', 'destination transport-method http', 'no destination transport-method email', 'commit', 'end']) {
    await cli.cmd(line);
  }
  t.match(await cli.cmd('show call-home profile CiscoTAC-1'), /^Profile Name: CiscoTAC-1\n    Profile status: ACTIVE\n[^]*    Transport Method: http\n    HTTP  address: https:\/\/tools\.cisco\.com\/its\/service\/oddce\/services\/DDCEService\n/);
});

t.test('a VRF name server in the IOS-XR form (domain vrf <vrf> name-server <ip>)', async (t) => {
  const device = await withDevice(t);
  const cli = await shell(t, device);
  await cli.cmd('terminal exec prompt no-timestamp');
  await cli.cmd('configure');
  t.equal(await cli.cmd('domain vrf mgmt name-server 2001:db8::53'), '');
  await cli.cmd('commit');
  t.equal(await cli.cmd('show running-config domain'), 'domain vrf mgmt name-server 2001:db8::53\n\n');
  await cli.cmd('no domain vrf mgmt name-server 2001:db8::53');
  await cli.cmd('commit');
  await cli.cmd('end');
  t.notMatch(device.config.runningText(), /name-server/);
});
