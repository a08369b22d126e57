/**
 * `smartlic register | renew | deregister | status` end to end over real SSH: each inventory host is a loopback
 * transcript server playing a scripted IOS-XE / IOS-XR device (seed formats). Per-host results and classified
 * errors, JSON, exit codes, bad input with nothing sent, and the token in no output.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { commands } from '../../src/cli/commands/index.js';
import { registerDeregister } from '../../src/cli/commands/deregister.js';
import { registerRegister } from '../../src/cli/commands/register.js';
import { registerRenew } from '../../src/cli/commands/renew.js';
import { registerStatus } from '../../src/cli/commands/status.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { DeviceScript, deviceDate, states, syslogLine, TOKEN } from '../driver/helpers/licensing-device.js';
import { startTranscriptServer, type TranscriptServer } from '../driver/helpers/transcript-server.js';
import { runSmartlic, type CliRun } from '../helpers/cli-run.js';

const VERBS = [registerRegister, registerRenew, registerDeregister, registerStatus];
const T0 = '2026-01-01T00:00:05Z';
const T1 = '2026-01-01T00:01:05Z';


async function run(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  return runSmartlic(argv, VERBS, { env, cwd });
}

interface Fleet {
  readonly inventory: string;
  readonly servers: Record<string, TranscriptServer>;
}

/** One transcript server per script; an inventory pointing at them (password by `$env` reference). */
async function fleet(t: Test, scripts: readonly DeviceScript[]): Promise<Fleet> {
  const servers: Record<string, TranscriptServer> = {};
  const hosts: Record<string, unknown> = {};
  for (const script of scripts) {
    const server = await startTranscriptServer(script.steps);
    t.teardown(() => server.close());
    servers[script.hostname] = server;
    hosts[script.hostname] = { host: '127.0.0.1', port: server.port, platform: script.platform, hostKey: server.fingerprint };
  }
  const dir = t.testdir();
  const inventory = join(dir, 'inventory.json');
  writeFileSync(
    inventory,
    JSON.stringify({
      defaults: { username: 'admin', password: { $env: 'DEVICE_PASSWORD' }, timeoutMs: 10_000 },
      hosts,
      groups: { xe: scripts.filter((s) => s.platform === 'ios-xe').map((s) => s.hostname), xr: scripts.filter((s) => s.platform === 'ios-xr').map((s) => s.hostname) },
    }),
  );
  return { inventory, servers };
}

const ENV = { DEVICE_PASSWORD: 'admin', SMART_TOKEN: TOKEN };

function registered(platform: PlatformId, hostname: string): DeviceScript {
  return new DeviceScript(platform, hostname)
    .open()
    .status(states.unregistered(platform))
    .log([])
    .command(`license smart register idtoken ${TOKEN}`, "Registration process is in progress. Use the 'show license status' command to check the progress and result")
    .status(states.registered(platform, T1))
    .log([]);
}

function failsOnDns(platform: PlatformId, hostname: string): DeviceScript {
  return new DeviceScript(platform, hostname)
    .open()
    .status(states.unregistered(platform))
    .log([])
    .command(`license smart register idtoken ${TOKEN}`, '')
    .status(states.failed(platform, T1, 'Fail to send out Call Home HTTP message.'))
    .log([syslogLine(platform, T1, 'COMM_FAILED', 3, 'Communications failure with the Cisco Smart Software Manager (CSSM) : Unable to resolve server hostname/domain name')]);
}

function assertNoToken(t: Test, r: CliRun): void {
  const decoded = decodeURIComponent(TOKEN);
  for (const text of [r.stdout, r.stderr]) t.notOk(text.includes(TOKEN) || text.includes(decoded) || text.includes(TOKEN.slice(0, 20)), 'the token is printed nowhere');
}

t.test('the verbs are registered in the command list', async (t) => {
  for (const verb of VERBS) t.ok(commands.includes(verb));
});

t.test('register: one host registers, one fails on DNS; the others are not stopped; exit 1', async (t) => {
  const f = await fleet(t, [registered('ios-xe', 'cbr8-1'), failsOnDns('ios-xr', 'ncs1004-1')]);
  const r = await run(['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--forks', '2'], ENV, process.cwd());
  t.equal(r.code, 1, r.stderr);
  t.equal(r.stderr, '');
  const lines = r.stdout.trimEnd().split('\n');
  t.match(lines[0], /^cbr8-1 +ok +REGISTERED, AUTHORIZED; account Forty-Two uLtd\. \/ auto-test-1$/);
  t.match(lines[1], /^ncs1004-1 +FAILED +E_COMM_FAILED \(dns\): ncs1004-1: register: the CSSM host name could not be resolved/);
  t.ok(lines.some((l) => /\| %LICENSE-SMART_LIC-3-COMM_FAILED: .*Unable to resolve server hostname/.test(l)), 'evidence under the failure');
  t.equal(lines.at(-1), '2 hosts: 1 ok, 1 failed');
  t.same(f.servers['cbr8-1']!.mismatches, [null]);
  t.same(f.servers['ncs1004-1']!.mismatches, [null]);
  assertNoToken(t, r);
});

t.test('register --json: typed result per host, classified error with cause and evidence', async (t) => {
  const f = await fleet(t, [registered('ios-xr', 'ncs560-1'), failsOnDns('ios-xe', 'cbr8-2')]);
  const r = await run(['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--json'], ENV, process.cwd());
  t.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as { operation: string; ok: boolean; hosts: Array<Record<string, any>> };
  t.equal(doc.operation, 'register');
  t.equal(doc.ok, false);
  t.match(doc.hosts[0], {
    host: 'ncs560-1',
    ok: true,
    operation: 'register',
    changed: true,
    command: 'license smart register idtoken ***',
    polls: 1,
    state: { registration: 'registered', authorization: 'authorized', smartAccount: 'Forty-Two uLtd.', virtualAccount: 'IOSXR', exportControl: 'allowed', registeredAt: '2026-01-01T00:01:05Z' },
  });
  t.match(doc.hosts[1], { host: 'cbr8-2', ok: false, error: { name: 'LicensingError', code: 'E_COMM_FAILED', commCause: 'dns', operation: 'register', host: 'cbr8-2' } });
  t.ok((doc.hosts[1]!['error'].evidence as string[]).some((l) => l.startsWith('%SMART_LIC-3-COMM_FAILED')));
  assertNoToken(t, r);
});

t.test('register --limit selects hosts; unselected devices are not contacted', async (t) => {
  const f = await fleet(t, [registered('ios-xe', 'cbr8-1'), failsOnDns('ios-xr', 'ncs1004-1')]);
  const r = await run(['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--limit', 'xe'], ENV, process.cwd());
  t.equal(r.code, 0, r.stdout);
  t.match(r.stdout, /^cbr8-1 +ok/);
  t.match(r.stdout, /1 host: 1 ok, 0 failed/);
  t.same(f.servers['ncs1004-1']!.mismatches, [], 'no session on the unselected device');
});

t.test('bad input: exit 2, nothing sent to any device', async (t) => {
  const f = await fleet(t, [registered('ios-xe', 'cbr8-1')]);
  const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
    [['register', '-i', f.inventory, '--token-env', 'NO_SUCH_VAR'], ENV, /E_INVALID_ARGUMENT: invalid --token-env: environment variable NO_SUCH_VAR is not set/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN'], { ...ENV, SMART_TOKEN: `${TOKEN.slice(0, 30)} ${TOKEN.slice(30)}` }, /E_INVALID_ARGUMENT: invalid --token-env: the ID token contains whitespace/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN'], { ...ENV, SMART_TOKEN: `${TOKEN}?` }, /contains "\?"/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN'], { SMART_TOKEN: TOKEN }, /E_SECRET_MISSING: .*environment variable DEVICE_PASSWORD is not set/],
    [['register', '-i', 'missing.json', '--token-env', 'SMART_TOKEN'], ENV, /E_INVENTORY: missing\.json: \/: cannot read inventory \(ENOENT\)/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--limit', 'nope'], ENV, /E_INVENTORY: .*host pattern "nope" matches no host or group/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--limit', 'all,!cbr8-1'], ENV, /E_INVALID_ARGUMENT: invalid --limit: "all,!cbr8-1" selects no host/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--forks', '0'], ENV, /invalid --forks: must be between 1 and 500/],
    [['register', '-i', f.inventory, '--token-env', 'SMART_TOKEN', '--timeout', 'soon'], ENV, /invalid --timeout: "soon" is not a whole number/],
    [['register', '-i', f.inventory], ENV, /required option '--token-env <var>' not specified/],
    [['renew', 'everything', '-i', f.inventory], ENV, /E_INVALID_ARGUMENT: invalid renew: expected "id" or "auth", got "everything"/],
  ];
  for (const [argv, env, message] of cases) {
    const r = await run(argv, env, process.cwd());
    t.equal(r.code, 2, argv.join(' '));
    t.match(r.stderr, message, argv.join(' '));
    t.equal(r.stdout, '');
    assertNoToken(t, r);
  }
  t.same(f.servers['cbr8-1']!.mismatches, [], 'no device session was opened');
});

t.test('renew auth: sync loss classified; renew id succeeds', async (t) => {
  const syncLost = new DeviceScript('ios-xr', 'ncs1004-1')
    .open()
    .status(states.registered('ios-xr', T0))
    .log([])
    .command('license smart renew auth', '')
    .status(states.registered('ios-xr', T0))
    .log([
      syslogLine(
        'ios-xr',
        T1,
        'AUTH_RENEW_FAILED',
        3,
        'Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM',
      ),
    ]);
  const f = await fleet(t, [syncLost]);
  const r = await run(['renew', 'auth', '-i', f.inventory, '--json'], ENV, process.cwd());
  t.equal(r.code, 1);
  const doc = JSON.parse(r.stdout) as { operation: string; hosts: Array<Record<string, any>> };
  t.equal(doc.operation, 'renew-auth');
  t.match(doc.hosts[0], { ok: false, error: { code: 'E_SYNC_LOST', operation: 'renew-auth' } });

  const renewed = new DeviceScript('ios-xe', 'cbr8-1')
    .open()
    .status(states.registered('ios-xe', T0))
    .log([])
    .command('license smart renew id', '')
    .status(states.registered('ios-xe', T0, 'AUTHORIZED', { lastRenewal: `SUCCEEDED on ${deviceDate('ios-xe', T1)}` }))
    .log([]);
  const g = await fleet(t, [renewed]);
  const ok = await run(['renew', 'id', '-i', g.inventory], ENV, process.cwd());
  t.equal(ok.code, 0, ok.stdout);
  t.match(ok.stdout, /^cbr8-1 +ok +REGISTERED, AUTHORIZED/);
});

t.test('deregister: sync-loss refusal tolerated on request', async (t) => {
  const script = (): DeviceScript =>
    new DeviceScript('ios-xr', 'ncs1004-1')
      .open()
      .status(states.registered('ios-xr', T0))
      .log([])
      .command('license smart deregister', '')
      .status(states.unregistered('ios-xr'))
      .log([
        syslogLine(
          'ios-xr',
          T1,
          'AGENT_DEREG_FAILED',
          3,
          'Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: Agent received a failure status in a response message. Please check the Agent log file for the detailed message.',
        ),
      ]);
  const strict = await fleet(t, [script()]);
  const a = await run(['deregister', '-i', strict.inventory], ENV, process.cwd());
  t.equal(a.code, 1);
  t.match(a.stdout, /ncs1004-1 +FAILED +E_REGISTRATION_FAILED: ncs1004-1: deregister: deregistration failed/);
  const lenient = await fleet(t, [script()]);
  const b = await run(['deregister', '-i', lenient.inventory, '--tolerate-sync-loss', '--json'], ENV, process.cwd());
  t.equal(b.code, 0, b.stdout);
  const doc = JSON.parse(b.stdout) as { ok: boolean; hosts: Array<Record<string, any>> };
  t.equal(doc.ok, true);
  t.match(doc.hosts[0], { ok: true, changed: true, state: { registration: 'unregistered' }, tolerated: { code: 'E_REGISTRATION_FAILED' } });
});

t.test('status: a table per device, errors as rows, JSON', async (t) => {
  const xe = new DeviceScript('ios-xe', 'cbr8-1').open().status(states.registered('ios-xe', T0));
  const xr = new DeviceScript('ios-xr', 'ncs1004-1').open().status(states.unregistered('ios-xr'));
  const f = await fleet(t, [xe, xr]);
  const table = await run(['status', '-i', f.inventory], ENV, process.cwd());
  t.equal(table.code, 0, table.stderr);
  const lines = table.stdout.trimEnd().split('\n');
  t.match(lines[0], /^HOST +MODEL +REGISTRATION +AUTHORIZATION +NEXT RENEWAL +COMM DEADLINE +ACCOUNT$/);
  t.match(lines[1], /^cbr8-1 +- +REGISTERED +AUTHORIZED +2026-06-30T00:00:05Z +2026-04-01T00:00:05Z +Forty-Two uLtd\. \/ auto-test-1$/);
  t.match(lines[2], /^ncs1004-1 +- +UNREGISTERED +EVAL MODE +- +- +-$/);
  t.equal(lines[3], '2 hosts: 2 ok, 0 failed');

  const g = await fleet(t, [new DeviceScript('ios-xe', 'cbr8-1').open().status(states.registered('ios-xe', T0))]);
  const json = await run(['status', '-i', g.inventory, '--json'], ENV, process.cwd());
  t.equal(json.code, 0);
  const doc = JSON.parse(json.stdout) as { operation: string; hosts: Array<Record<string, any>> };
  t.match(doc, { operation: 'status', ok: true, hosts: [{ host: 'cbr8-1', ok: true, platform: 'ios-xe', state: { registration: 'registered', communicationDeadline: '2026-04-01T00:00:05Z' } }] });

  const dir = t.testdir();
  const unreachable = join(dir, 'down.json');
  writeFileSync(unreachable, JSON.stringify({ hosts: { down: { host: '127.0.0.1', port: 1, username: 'admin', password: 'admin', platform: 'ios-xe' } } }));
  const down = await run(['status', '-i', unreachable], {}, dir);
  t.equal(down.code, 1);
  t.match(down.stdout, /^down +- +ERROR E_CONNECT: /m);
});

t.test('--help texts name the options', async (t) => {
  for (const [verb, words] of [
    ['register', ['--token-env <var>', '--force', '--limit <pattern>', '--forks <n>', '--timeout <seconds>', '--json']],
    ['renew', ['<what>', 'id (the ID certificate) or auth', '--timeout <seconds>']],
    ['deregister', ['--tolerate-sync-loss']],
    ['status', ['--json', 'seconds to wait for each show command']],
  ] as const) {
    const r = await run([verb, '--help'], {}, process.cwd());
    t.equal(r.code, 0);
    for (const w of [...words, 'Exit codes: 0 every selected host succeeded; 1 one or more hosts failed', '2 bad input']) t.ok(r.stdout.includes(w), `${verb} --help mentions ${w}`);
  }
  for (const verb of [['token', 'create'], ['token', 'list'], ['token', 'revoke'], ['instances'], ['remove-instance'], ['licenses']]) {
    const r = await runSmartlic(['cssm', ...verb, '--help'], commands, { cwd: process.cwd() });
    t.equal(r.code, 0);
    t.match(r.stdout, /Exit codes: 0 done; 1 CSSM answered but did not do it .* 2 bad input/s, `cssm ${verb.join(' ')} --help states its exit codes`);
  }
});
