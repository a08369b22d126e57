/**
 * `smartlic configure` end to end against an emulated fleet (cBR-8, NCS 560, NCS 1004) whose inventory is written
 * to a temporary file: check → diff only; apply → changed with the diff; apply again → no configuration line;
 * bad intents and platform mismatches → exit 2 with nothing sent; a failing host → exit 1, the others done;
 * hosts with `transport: netconf` configured over NETCONF.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { commands } from '../../src/cli/commands/index.js';
import { registerConfigure } from '../../src/cli/commands/configure.js';
import { startFleet, type CommandLogEntry, type Fleet } from '../../src/emulator/index.js';
import { netconfExtension } from '../../src/emulator/netconf/netconf-extension.js';
import { runSmartlic, type CliRun } from '../helpers/cli-run.js';


async function run(argv: string[], cwd: string): Promise<CliRun> {
  return runSmartlic(argv, [registerConfigure], { cwd });
}

async function setup(t: Test): Promise<{ fleet: Fleet; dir: string }> {
  const fleet = await startFleet({ devices: 3, platform: 'mixed' });
  t.teardown(() => fleet.close());
  const dir = t.testdir();
  await writeFile(join(dir, 'inv.json'), JSON.stringify(fleet.inventory()));
  const onPrem = await readFile(new URL('../intents/fixtures/on-prem.json', import.meta.url), 'utf8');
  await writeFile(join(dir, 'on-prem.json'), onPrem);
  return { fleet, dir };
}

function configLines(fleet: Fleet, since: ReadonlyMap<string, number>): Record<string, string[]> {
  const isConfig = (e: CommandLogEntry): boolean => e.kind === 'config' || e.kind === 'commit' || (e.kind === 'mode' && /^conf/.test(e.line));
  return Object.fromEntries(fleet.devices.map((d) => [d.name, d.commandLog.since(since.get(d.name) ?? 0).filter(isConfig).map((e) => e.line)]));
}

function marks(fleet: Fleet): Map<string, number> {
  return new Map(fleet.devices.map((d) => [d.name, d.commandLog.lastSeq]));
}

interface HostReport {
  readonly host: string;
  readonly ok: boolean;
  readonly changed: boolean;
  readonly diff?: { readonly add: readonly { path: string[]; line: string }[]; readonly remove: readonly unknown[] };
  readonly linesSent?: readonly string[];
  readonly error?: { readonly code: string; readonly message: string };
}

t.test('the configure verb is registered', async (t) => {
  t.ok(commands.includes(registerConfigure));
});

t.test('check, apply, apply again over a mixed fleet', async (t) => {
  const { fleet, dir } = await setup(t);
  const names = fleet.devices.map((d) => d.name);
  t.same(fleet.devices.map((d) => d.model), ['cBR-8', 'NCS-560', 'NCS-1004']);

  let since = marks(fleet);
  const check = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--check', '--json'], dir);
  t.equal(check.code, 0, check.stderr);
  const checked = JSON.parse(check.stdout) as { check: boolean; hosts: HostReport[]; summary: unknown };
  t.equal(checked.check, true);
  t.same(checked.hosts.map((h) => [h.host, h.ok, h.changed]), names.map((n) => [n, true, true]));
  t.ok(checked.hosts.every((h) => (h.diff?.add.length ?? 0) > 0 && h.linesSent?.length === 0));
  t.same(checked.summary, { hosts: 3, changed: 3, failed: 0 });
  t.same(configLines(fleet, since), Object.fromEntries(names.map((n) => [n, []])), 'check sent no configuration');

  const apply = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--diff'], dir);
  t.equal(apply.code, 0, apply.stderr);
  for (const name of names) t.match(apply.stdout, new RegExp(`^${name} +changed \\(\\+\\d+ -\\d+ lines\\)$`, 'm'));
  t.match(apply.stdout, /^ {4}\+ {2}profile test1$/m, 'the diff under the host');
  t.match(apply.stdout, /^ {4}\+ {3}destination address http https:\/\/satellite\.example\.net\/Transportgateway\/services\/DeviceRequestHandler$/m);
  t.match(apply.stdout, /^3 host\(s\): 3 changed, 0 failed$/m);
  for (const d of fleet.devices) t.match(d.config.runningText(), /satellite\.example\.net\/Transportgateway/, `${d.name} holds the satellite address`);

  since = marks(fleet);
  const again = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--json'], dir);
  t.equal(again.code, 0, again.stderr);
  const report = JSON.parse(again.stdout) as { hosts: HostReport[] };
  t.same(report.hosts.map((h) => [h.host, h.ok, h.changed, h.diff]), names.map((n) => [n, true, false, { add: [], remove: [] }]));
  t.same(configLines(fleet, since), Object.fromEntries(names.map((n) => [n, []])), 'second apply: zero configuration lines on every device');
});

t.test('--limit selects hosts; the others are not contacted', async (t) => {
  const { fleet, dir } = await setup(t);
  const result = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--limit', 'ncs*', '--json', '--forks', '1'], dir);
  t.equal(result.code, 0, result.stderr);
  const report = JSON.parse(result.stdout) as { hosts: HostReport[] };
  t.same(report.hosts.map((h) => h.host), fleet.devices.filter((d) => d.platform === 'ios-xr').map((d) => d.name));
  const cbr8 = fleet.devices.find((d) => d.model === 'cBR-8');
  t.same(cbr8?.commandLog.entries(), [], 'cBR-8 untouched');
});

t.test('a bad intent file sends nothing to any host (exit 2)', async (t) => {
  const { fleet, dir } = await setup(t);
  const cases: [string, string, RegExp][] = [
    ['bad-url.json', JSON.stringify({ callHome: { onPrem: { url: 'https://satellite.example.net/x?y' } } }), /E_INVALID_INTENT: invalid intent: \/callHome\/onPrem\/url: must not contain "\?"/],
    ['not-json.json', '{ "dns": ', /E_INVALID_INTENT: .*not-json\.json is not valid JSON/],
    ['trustpoint.json', JSON.stringify({ trust: { trustpoint: { name: 'cisco' } } }), /E_INVALID_INTENT: ncs560-1: invalid intent: \/trust\/trustpoint: is IOS-XE configuration/],
  ];
  for (const [file, text, message] of cases) {
    await writeFile(join(dir, file), text);
    const result = await run(['configure', '-i', 'inv.json', '--intent', file], dir);
    t.equal(result.code, 2, file);
    t.match(result.stderr, message, file);
    t.equal(result.stdout, '', `${file}: no report`);
  }
  const missing = await run(['configure', '-i', 'inv.json', '--intent', 'nope.json'], dir);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /E_INVALID_ARGUMENT: invalid --intent: cannot read "nope\.json" \(ENOENT\)/);
  const forks = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--forks', '0'], dir);
  t.equal(forks.code, 2);
  const limit = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--limit', 'nosuch'], dir);
  t.equal(limit.code, 2);
  t.match(limit.stderr, /E_INVENTORY/);
  for (const d of fleet.devices) t.same(d.commandLog.entries(), [], `${d.name}: nothing sent`);
});

t.test('one host failing: exit 1, its error in the report, the others configured', async (t) => {
  const { fleet, dir } = await setup(t);
  const ncs560 = fleet.devices.find((d) => d.model === 'NCS-560');
  ncs560?.config.addValidator((change) => (change.line === 'reporting smart-licensing-data' ? 'reporting refused for this test' : undefined));
  const result = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json', '--json'], dir);
  t.equal(result.code, 1);
  const report = JSON.parse(result.stdout) as { hosts: HostReport[]; summary: unknown };
  const failed = report.hosts.find((h) => h.host === ncs560?.name);
  t.match(failed, { ok: false, changed: false, error: { code: 'E_COMMIT_FAILED', message: /reporting refused for this test/ } });
  t.same(report.hosts.filter((h) => h.ok).map((h) => h.changed), [true, true]);
  t.same(report.summary, { hosts: 3, changed: 2, failed: 1 });
  t.notMatch(ncs560?.config.runningText() ?? '', /satellite/, 'the failed host is unchanged');
  const human = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json'], dir);
  t.equal(human.code, 1);
  t.match(human.stdout, new RegExp(`^${ncs560?.name ?? ''} +FAILED +E_COMMIT_FAILED: `, 'm'));
  t.match(human.stdout, /^3 host\(s\): 0 changed, 1 failed$/m);
});

t.test('hosts with transport netconf are configured over NETCONF: check, apply (the XML in the report), apply again', async (t) => {
  const fleet = await startFleet({ devices: 3, platform: 'mixed', extensions: [netconfExtension()] });
  t.teardown(() => fleet.close());
  const dir = t.testdir();
  const inventory = fleet.inventory();
  const hosts = Object.fromEntries(Object.entries(inventory.hosts).map(([name, host]) => [name, { ...host, transport: 'netconf' }]));
  await writeFile(join(dir, 'inv.json'), JSON.stringify({ ...inventory, hosts }));
  await writeFile(join(dir, 'tg.json'), await readFile(new URL('../intents/fixtures/transport-gateway.json', import.meta.url), 'utf8'));
  await writeFile(join(dir, 'on-prem.json'), await readFile(new URL('../intents/fixtures/on-prem.json', import.meta.url), 'utf8'));
  const names = fleet.devices.map((d) => d.name);
  const changes: string[] = [];
  for (const d of fleet.devices) d.config.onChange(() => changes.push(d.name));

  const refused = await run(['configure', '-i', 'inv.json', '--intent', 'on-prem.json'], dir);
  t.equal(refused.code, 2, 'an intent the IOS-XE models cannot say: exit 2');
  t.match(refused.stderr, /E_INVALID_INTENT: cbr8-1: invalid intent: \/callHome\/profile\/preferredMessageFormat: Cisco-IOS-XE-call-home has no preferred-msg-format node/);

  const check = await run(['configure', '-i', 'inv.json', '--intent', 'tg.json', '--check', '--json'], dir);
  t.equal(check.code, 0, `${check.stderr}${check.stdout}`);
  const checked = JSON.parse(check.stdout) as { hosts: (HostReport & { netconfConfig?: string })[] };
  t.same(checked.hosts.map((h) => [h.host, h.ok, h.changed, h.netconfConfig]), names.map((n) => [n, true, true, undefined]));

  const apply = await run(['configure', '-i', 'inv.json', '--intent', 'tg.json', '--json'], dir);
  t.equal(apply.code, 0, apply.stderr);
  const applied = JSON.parse(apply.stdout) as { hosts: (HostReport & { netconfConfig?: string })[] };
  t.ok(applied.hosts.every((h) => h.ok && h.changed && h.linesSent?.length === 0), 'changed, no CLI line typed');
  t.match(applied.hosts[0]?.netconfConfig, /^<native xmlns="http:\/\/cisco\.com\/ns\/yang\/Cisco-IOS-XE-native">/);
  t.match(applied.hosts[1]?.netconfConfig, /<profile-name>Custom-Profile-1<\/profile-name>/);
  for (const d of fleet.devices) {
    t.match(d.config.runningText(), /tg\.example\.net:844\/transportgate/, `${d.name} holds the transport gateway`);
    t.same(d.commandLog.entries().filter((e) => e.kind === 'config'), [], `${d.name}: no CLI configuration line`);
  }

  t.same([...new Set(changes)].sort(), [...names].sort(), 'the apply changed every device');
  changes.length = 0;
  const again = await run(['configure', '-i', 'inv.json', '--intent', 'tg.json', '--json'], dir);
  t.equal(again.code, 0, again.stderr);
  const report = JSON.parse(again.stdout) as { hosts: HostReport[] };
  t.same(report.hosts.map((h) => [h.host, h.changed]), names.map((n) => [n, false]));
  t.same(changes, [], 'second apply: no configuration change anywhere');
});
