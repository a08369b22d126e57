/**
 * The Smart Agent over real SSH on loopback: register / renew / deregister as typed on the devices, the show
 * commands, clock jumps with the emulator-only clock command (EVAL EXPIRED, AUTH EXPIRED), the cBR-8 DOCSIS
 * lock and copy restriction and their lifting by a new registration, and the ID token kept out of every log and
 * output.
 */
import t, { type Test } from 'tap';
import { parse } from '../../../src/parsers/parse.js';
import type { LicenseReport } from '../../../src/parsers/types.js';
import { openShell, type CliClient } from '../device/helpers/cli-client.js';
import { TOKEN, startRig, type AgentRig } from './helpers/agent-fixture.js';

async function shell(t: Test, rig: AgentRig): Promise<CliClient> {
  const cli = await openShell(rig.device.port);
  t.teardown(() => cli.close());
  await cli.cmd('terminal length 0');
  return cli;
}

function status(text: string, platform: 'ios-xe' | 'ios-xr'): LicenseReport {
  return parse('show license status', text, { platform }) as LicenseReport;
}

t.test('IOS-XE cBR-8: register, status, renew, clock jump, deregister', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  const cli = await shell(t, rig);
  t.equal(status(await cli.cmd('show license status'), 'ios-xe').authorization?.status, 'evaluation');
  t.equal(
    await cli.cmd(`license smart register idtoken ${TOKEN}`),
    "Registration process is in progress. Use the 'show license status' command to check the progress and result\n",
  );
  await rig.agent.idle();
  let report = status(await cli.cmd('sh lic stat'), 'ios-xe');
  t.equal(report.registration?.status, 'registered');
  t.equal(report.authorization?.status, 'authorized');
  t.equal(report.registration?.virtualAccount, 'Default');

  t.equal(await cli.cmd(`license smart register idtoken ${TOKEN}`), `${rig.agent.register(TOKEN).message}\n`, 'already registered');
  t.equal(
    await cli.cmd('license smart renew'),
    "ID certificate renewal process is in progress. Use the 'show license status' command to check the progress and result\n" +
      "Authorization renewal process is in progress. Use the 'show license status' command to check the progress and result\n",
  );
  await rig.agent.idle();
  t.same(rig.network.types(), ['REGISTER', 'RENEW_ID', 'RENEW_AUTH']);
  t.match(await cli.cmd('license smart renew auth'), /^Authorization renewal process is in progress/);
  await rig.agent.idle();

  t.match(await cli.cmd('emulator clock advance 31 days'), /^Emulator clock advanced by 31 days/);
  t.equal(rig.network.types().filter((m) => m === 'RENEW_AUTH').length, 3, 'the 30-day renewal ran during the jump');
  const usage = parse('show license usage', await cli.cmd('show license usage'), { platform: 'ios-xe' }) as LicenseReport;
  t.same(usage.entitlements?.map((e) => [e.tag, e.count, e.status]), [
    ['US_License', 1, 'authorized'],
    ['DS_License', 4, 'authorized'],
    ['WAN_License', 1, 'authorized'],
  ]);
  const stats = await cli.cmd('show call-home smart-licensing statistics');
  t.match(stats, /\nREGISTRATION\s+1\s+0\s+0\s+0 2026-03-01 00:00:00\n/);
  t.match(stats, /\nACKNOWLEDGEMENT\s+1\s+0\s+0\s+0 /);
  t.match(await cli.cmd('show logging | include SMART'), /%SMART_LIC-6-AGENT_REG_SUCCESS: Smart Agent for Licensing Registration with Cisco licensing cloud successful/);

  t.equal(await cli.cmd('license smart deregister'), '', 'deregister prints nothing');
  report = status(await cli.cmd('show license status'), 'ios-xe');
  t.equal(report.registration?.status, 'unregistered');
  t.equal(report.authorization?.status, 'evaluation');
  t.match(await cli.cmd('license smart renew'), /^% Error: Smart Licensing: the device is not registered/);
  t.match(await cli.cmd('license smart deregister'), /^% Error: Smart Licensing: the device is not registered/);
  t.equal(rig.device.commandLog.entries().find((e) => e.line === 'license smart deregister' && e.outcome === 'failed')?.kind, 'exec');
});

t.test('IOS-XR NCS 560 / NCS 1004: register, renew {id|auth}, timestamps, platform summary', async (t) => {
  for (const model of ['NCS-560', 'NCS-1004'] as const) {
    const rig = await startRig(t, model);
    const cli = await shell(t, rig);
    t.match(await cli.cmd(`license smart register idtoken ${TOKEN} force`), /^\w{3} \w{3} [ \d]\d [\d:.]+ UTC\nRegistration process is in progress/);
    await rig.agent.idle();
    t.equal(rig.network.sent[0]?.force, true);
    const out = await cli.cmd('show license status');
    t.match(out, /^\w{3} \w{3} [ \d]\d [\d:.]+ UTC\n\nSmart Licensing is ENABLED\n/, 'XR timestamp line first');
    const report = status(out, 'ios-xr');
    t.equal(report.registration?.status, 'registered');
    t.equal(report.registration?.smartAccount, 'Forty-Two uLtd.');
    t.equal(report.registration?.exportControlled, 'allowed');
    t.match(await cli.cmd('license smart renew'), /% Incomplete command/, 'XR needs id or auth');
    t.match(await cli.cmd('license smart renew id'), /ID certificate renewal process is in progress/);
    await rig.agent.idle();
    t.same(rig.network.types(), ['REGISTER', 'RENEW_ID']);
    const summary = parse('show license platform summary', await cli.cmd('show license platform summary'), { platform: 'ios-xr' });
    t.same(summary.unparsed, []);
    const detail = await cli.cmd('show license platform detail');
    t.match(detail, /Current state: REGISTERED/);
    t.notMatch(await cli.cmd('show license tech support'), /Smart Licensing Tech Support/, 'tech support is the IOS-XE command');
    t.match(await cli.cmd('show license udi'), model === 'NCS-1004' ? /UDI: SN:CAT\w+,UUID:default-sdr/ : /UDI: PID:NCS560-4,SN:FOX\w+/);
  }
});

t.test('clock jumps: EVAL EXPIRED and AUTH EXPIRED shown by the devices', async (t) => {
  const unregistered = await startRig(t, 'NCS-560');
  const cli = await shell(t, unregistered);
  await cli.cmd('emulator clock advance 91 days');
  const all = parse('show license all', await cli.cmd('show license all'), { platform: 'ios-xr' }) as LicenseReport;
  t.equal(all.authorization?.status, 'evaluation-expired');
  t.equal(all.authorization?.since?.iso, '2026-05-30T00:00:00Z');
  t.ok(all.entitlements?.every((e) => e.status === 'evaluation-expired'));
  const warnings = await cli.cmd('show logging | include evaluation expired');
  t.equal(warnings.split('\n').filter((l) => l.includes('EVAL_EXPIRED_WARNING')).length, 25, 'hourly since day 90');

  const registered = await startRig(t, 'NCS-1004');
  const xr = await shell(t, registered);
  await xr.cmd(`license smart register idtoken ${TOKEN}`);
  await registered.agent.idle();
  registered.network.script = { kind: 'comm', cause: 'unreachable', detail: 'Connection timed out' };
  await xr.cmd('emulator clock advance 91 days');
  const report = status(await xr.cmd('show license status'), 'ios-xr');
  t.equal(report.authorization?.status, 'authorization-expired');
  t.equal(report.authorization?.lastCommunicationAttempt?.result, 'failed');
  t.equal(report.authorization?.lastCommunicationAttempt?.failureReason, 'Connection timed out');
  registered.network.script = { kind: 'cssm' };
  await xr.cmd('license smart renew auth');
  await registered.agent.idle();
  t.equal(status(await xr.cmd('show license status'), 'ios-xr').authorization?.status, 'authorized', 'renew auth starts a new period (004:244)');
});

async function configLine(cli: CliClient, line: string): Promise<string> {
  return cli.cmd(line);
}

t.test('cBR-8 enforcement: DOCSIS lines and copies locked while EVAL EXPIRED / AUTH EXPIRED, lifted by registering', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  const cli = await shell(t, rig);
  await cli.cmd('emulator clock advance 91 days');
  t.equal(rig.agent.enforcement(), 'eval-expired');
  await cli.cmd('configure terminal');
  const locked = await configLine(cli, 'controller upstream-cable 1/0/0');
  t.equal(
    locked,
    '% Error: Smart Licensing enforcement (EVAL EXPIRED): "controller Upstream-Cable 1/0/0" is locked until the device is registered again (license smart register idtoken <token>)\n',
  );
  t.equal(await cli.prompt(), 'Router(config)#', 'the sub-mode was not entered');
  t.match(await configLine(cli, 'controller Upstream-Cable 1/0/9'), /is locked/, 'a new controller is locked too');
  t.equal(await configLine(cli, 'controller integrated-cable 1/0/0'), '', 'the downstream controller itself is not locked');
  t.match(await configLine(cli, 'rf-chan 0 3'), /"rf-chan 0 3" is locked/);
  t.match(await configLine(cli, 'rf-ch 8'), /"rf-chan 8" is locked/);
  t.equal(await configLine(cli, 'max-carrier 64'), '', 'other controller lines stay configurable');
  t.equal(await configLine(cli, 'interface Cable1/0/0'), '');
  t.match(await configLine(cli, 'cable upstream 0 shutdown'), /"cable upstream 0 shutdown" is locked/);
  t.equal(await configLine(cli, 'cable upstream 0 frequency 20000000'), '', 'other upstream settings are not locked');
  t.equal(await configLine(cli, 'exit'), '');
  t.equal(await configLine(cli, 'ip name-server 198.51.100.53'), '', 'DNS and call-home stay configurable (000:144)');
  await cli.cmd('end');
  t.notMatch(rig.device.config.runningText(), /rf-chan 8|cable upstream 0 shutdown|Upstream-Cable 1\/0\/9/);
  t.match(rig.device.config.runningText(), /max-carrier 64/);
  const refused = rig.device.commandLog.entries().filter((e) => e.outcome === 'refused').map((e) => e.line);
  t.same(refused, ['controller upstream-cable 1/0/0', 'controller Upstream-Cable 1/0/9', 'rf-chan 0 3', 'rf-ch 8', 'cable upstream 0 shutdown']);
  // The SDK and NETCONF go through the same validator.
  const sdk = rig.device.config.apply('interface Cable1/0/0\n cable upstream 1 shutdown');
  t.equal(sdk.ok, false);

  t.match(await cli.cmd('copy startup-config running-config'), /^% Error: Smart Licensing enforcement \(EVAL EXPIRED\): only "copy running-config startup-config" is allowed/);
  t.match(await cli.cmd('copy flash:backup.cfg startup-config'), /only "copy running-config startup-config" is allowed/);
  cli.write('copy running-config startup-config\r');
  await cli.waitFor(/Destination filename \[startup-config\]\? $/);
  t.match(await cli.raw(''), /\[OK\]/, 'running → startup is still allowed (000:146)');

  // Registering again lifts the lock.
  await cli.cmd(`license smart register idtoken ${TOKEN}`);
  await rig.agent.idle();
  t.equal(rig.agent.enforcement(), 'none');
  await cli.cmd('configure terminal');
  t.equal(await configLine(cli, 'controller upstream-cable 1/0/0'), '');
  t.equal(await configLine(cli, 'exit'), '');
  t.equal(await configLine(cli, 'interface Cable1/0/0'), '');
  t.equal(await configLine(cli, 'cable upstream 0 shutdown'), '');
  await cli.cmd('end');
  t.match(rig.device.config.runningText(), /cable upstream 0 shutdown/);
  cli.write('copy startup-config running-config\r');
  await cli.waitFor(/Destination filename \[running-config\]\? $/);
  t.match(await cli.raw(''), /\d+ bytes copied in/);
  t.match(await cli.cmd('copy flash:backup.cfg running-config'), /^%Error opening flash:backup.cfg \(No such file or directory\)/);

  // AUTH EXPIRED locks again; `no cable upstream 0 shutdown` is one of the locked forms (000:140).
  rig.network.script = { kind: 'comm', cause: 'http', detail: 'HTTP 503 Service Unavailable from tools.cisco.com' };
  await cli.cmd('emulator clock advance 91 days');
  t.equal(rig.agent.enforcement(), 'auth-expired');
  await cli.cmd('configure terminal');
  await configLine(cli, 'interface Cable1/0/0');
  t.match(await configLine(cli, 'no cable upstream 0 shutdown'), /\(AUTH EXPIRED\): "cable upstream 0 shutdown" is locked/);
  await cli.cmd('end');
  rig.network.script = { kind: 'cssm' };
  await cli.cmd('license smart renew auth');
  await rig.agent.idle();
  t.equal(rig.agent.enforcement(), 'none', 'a successful renewal ends AUTH EXPIRED');
});

t.test('the ID token never appears in the command log, syslog, outputs or the session transcript', async (t) => {
  const token = 'U2VjcmV0LXRva2VuLWZvci1yZWRhY3Rpb24tdGVzdHM%3D%0AZW5k%3D';
  const decoded = decodeURIComponent(token);
  const rig = await startRig(t, 'cBR-8');
  const cli = await shell(t, rig);
  rig.network.script = { kind: 'refuse', code: 'TOKEN_INVALID', message: 'The ID token is not valid.' };
  const outputs = [await cli.cmd(`license smart register idtoken ${token}`)];
  await rig.agent.idle();
  rig.network.script = { kind: 'cssm' };
  outputs.push(await cli.cmd(`lic sm reg idt ${token} force`));
  await rig.agent.idle();
  for (const command of ['show license all', 'show license status', 'show license tech support', 'show logging', 'show call-home smart-licensing statistics']) {
    outputs.push(await cli.cmd(command));
  }
  await cli.cmd('emulator clock advance 91 days');
  outputs.push(await cli.cmd('show logging'));
  const texts = {
    commandLog: JSON.stringify(rig.device.commandLog.entries()),
    syslog: JSON.stringify(rig.device.syslog.entries()),
    outputs: outputs.join('\n'),
    transcript: cli.transcript.replace(/license smart register idtoken \S+|lic sm reg idt \S+/g, (m) => m.split(' ').slice(0, -1).join(' ')),
    snapshot: JSON.stringify(rig.agent.snapshot()),
  };
  for (const [where, text] of Object.entries(texts)) {
    t.notOk(text.includes(token), `${where}: no token`);
    t.notOk(text.includes(decoded), `${where}: no decoded token`);
  }
  t.ok(rig.device.commandLog.entries().some((e) => e.line === 'license smart register idtoken ***'));
  t.ok(rig.device.commandLog.entries().some((e) => e.line === 'lic sm reg idt *** force'));
  t.equal(rig.network.sent[0]?.idToken, token, 'only the call home carries it');
  t.equal(rig.agent.snapshot().registration.status, 'registered');
});
