/**
 * Bad playbooks and inventories against a running lab: each kind of mistake is refused by `smartlic run` with exit
 * 2 and a message naming the file, the JSON pointer and what was wrong, and nothing reaches any device or CSSM
 * (no command in any device's command log, no token created).
 */
import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { playbookCommands } from '../../src/cli/commands/playbook.js';
import { runCli } from '../../src/cli/program.js';
import { startLab } from '../../src/emulator/lab.js';
import type { Inventory } from '../../src/inventory/types.js';

const TOKEN = 'YjBkOWM5YtItMDFiOS00ZjBmLT11Y2YtODEzMzglYTMzZDVhLTEz-bad-input';

interface Case {
  readonly name: string;
  /** The playbook (an object is written as JSON, a string as is). */
  readonly playbook: unknown;
  /** Changes the lab inventory. */
  readonly inventory?: (inv: Inventory) => unknown;
  readonly args?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
  readonly expect: RegExp;
}

const intent = { dns: { nameServer: ['198.51.100.247'] }, callHome: { direct: {} } };
const pb = (tasks: unknown[], extra: Record<string, unknown> = {}) => ({ name: 'bad input', hosts: 'all', vars: { token: { $env: 'SMARTLIC_TOKEN' } }, ...extra, tasks });

const CASES: readonly Case[] = [
  { name: 'not JSON', playbook: '{ "name": "x", ', expect: /E_PLAYBOOK pb\.json\n {2}\/: not valid JSON/ },
  { name: 'a misspelt task type', playbook: pb([{ registr: { token: '{{ token }}' } }]), expect: /\/tasks\/0\/registr: unknown task type or field "registr" \(did you mean "register"\?\)/ },
  { name: 'an intent the schema refuses', playbook: pb([{ configure: { intent: { dns: { nameServer: ['dns.example'] } } } }]), expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer\/0: does not match the expected form/ },
  { name: 'an intent value no device takes', playbook: pb([{ configure: { intent: { dns: { nameServer: ['198.51.100.300'] } } } }]), expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer\/0: must be an IPv4 or IPv6 address/ },
  {
    name: 'an intent the host platform does not support',
    playbook: pb([{ configure: { intent: { ...intent, trust: { trustpool: { crlOptional: true } } } } }]),
    expect: /\/tasks\/0\/configure\/intent\/trust\/trustpool: .*IOS-XR.* \(host cbr8-1\)/,
  },
  { name: 'an inline token', playbook: pb([{ register: { token: 'YjBkOWM5YtItMDFiOS00ZjBmLT11Y2YtODEzMzglYTMz' } }]), expect: /\/tasks\/0\/register\/token: must be/ },
  { name: 'a token variable that is not set', playbook: pb([{ register: { token: '{{ token }}' } }]), env: {}, expect: /E_SECRET_MISSING pb\.json\n {2}\/vars\/token: environment variable SMARTLIC_TOKEN is not set/ },
  { name: 'a token no device would take', playbook: pb([{ onboard: { token: '{{ token }}', intent } }]), env: { SMARTLIC_TOKEN: 'two words' }, expect: /\/tasks\/0\/onboard\/token: the ID token contains whitespace/ },
  { name: 'a show command that writes', playbook: pb([{ show: { command: 'show running-config | redirect flash:x' } }]), expect: /\/tasks\/0\/show\/command: "\| redirect" is not allowed/ },
  { name: 'a show task that is no show command', playbook: pb([{ show: { command: 'license smart deregister' } }]), expect: /\/tasks\/0\/show\/command: must start with "show"/ },
  { name: 'a variable read before the task that registers it', playbook: pb([{ verify: { that: ['st.value.registration.status == "registered"'] } }, { status: {}, registerAs: 'st' }]), expect: /\/tasks\/0\/verify\/that\/0: "st" is registered by task 1, which runs after this one/ },
  { name: 'hosts that match nothing', playbook: pb([{ status: {} }], { hosts: 'ncs5500' }), expect: /\/hosts: host pattern "ncs5500" matches no host or group/ },
  { name: '--limit that matches nothing', playbook: pb([{ status: {} }]), args: ['--limit', 'cbr9-*'], expect: /--limit "cbr9-\*": .*matches no host/ },
  { name: 'a bad duration', playbook: pb([{ watch: { duration: '1 day' } }]), expect: /\/tasks\/0\/watch\/duration: must be/ },
  { name: 'an RMA with no CSSM in the inventory', playbook: pb([{ rma: {} }]), inventory: ({ cssm: _cssm, ...rest }) => rest, expect: /\/tasks\/0\/rma: the RMA workflow verifies the product instance is gone from CSSM, but inventory inventory\.json has no "cssm" entry/ },
  {
    name: 'a CSSM token whose API secret is not set',
    playbook: pb([{ reregister: { token: { cssm: {} } } }]),
    inventory: (inv) => ({ ...inv, cssm: { ...inv.cssm, clientSecret: { $env: 'CSSM_SECRET' } } }),
    expect: /\/tasks\/0\/reregister\/token: the token is to be created through CSSM: inventory inventory\.json \/cssm\/clientSecret: environment variable CSSM_SECRET is not set/,
  },
  { name: 'always for the sync-loss procedure', playbook: pb([{ reregister: { token: '{{ token }}', always: true } }]), expect: /\/tasks\/0\/reregister\/always: applies to procedure "force" only/ },
  { name: 'a probe for the force procedure', playbook: pb([{ reregister: { token: '{{ token }}', procedure: 'force', probe: true } }]), expect: /\/tasks\/0\/reregister\/probe: applies to procedure "sync-loss" only/ },
  { name: 'an inventory the schema refuses', playbook: pb([{ status: {} }]), inventory: (inv) => ({ ...inv, hosts: { ...inv.hosts, 'cbr8-1': { ...inv.hosts['cbr8-1'], port: 70000 } } }), expect: /E_INVENTORY inventory\.json\n {2}\/hosts\/cbr8-1\/port: must be/ },
  { name: 'a group naming an unknown host', playbook: pb([{ status: {} }]), inventory: (inv) => ({ ...inv, groups: { ...inv.groups, edge: ['cbr8-9'] } }), expect: /\/groups\/edge\/0: unknown host "cbr8-9"/ },
  {
    name: 'a device password that is not set',
    playbook: pb([{ status: {} }]),
    inventory: (inv) => ({ ...inv, hosts: { ...inv.hosts, 'cbr8-1': { ...inv.hosts['cbr8-1'], password: { $env: 'CBR8_PASSWORD' } } } }),
    expect: /E_SECRET_MISSING inventory\.json\n {2}\/hosts\/cbr8-1\/password: environment variable CBR8_PASSWORD is not set/,
  },
];

t.test('each kind of mistake: exit 2, a clear error with its pointer, nothing sent', async (t) => {
  const lab = await startLab({ devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
  t.teardown(() => lab.close());
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-bad-input-'));
  const tokensBefore = lab.cssm.listTokens().length;
  for (const c of CASES) {
    const inventory = c.inventory === undefined ? lab.inventory() : c.inventory(lab.inventory());
    writeFileSync(join(dir, 'inventory.json'), JSON.stringify(inventory));
    writeFileSync(join(dir, 'pb.json'), typeof c.playbook === 'string' ? c.playbook : JSON.stringify(c.playbook));
    const marks = lab.fleet.devices.map((d) => d.commandLog.lastSeq);
    let stdout = '';
    let stderr = '';
    const out = new PassThrough();
    const err = new PassThrough();
    out.on('data', (b: Buffer) => (stdout += b.toString()));
    err.on('data', (b: Buffer) => (stderr += b.toString()));
    const code = await runCli(['run', 'pb.json', '-i', 'inventory.json', ...(c.args ?? [])], { stdout: out, stderr: err, stdin: Readable.from([]), env: c.env ?? { SMARTLIC_TOKEN: TOKEN }, cwd: dir }, [
      playbookCommands(),
    ]);
    t.equal(code, 2, `${c.name}: exit 2`, { stderr });
    t.match(stderr, /^smartlic: the playbook was not run \(nothing was sent\): \d+ problem\(s\)/, `${c.name}: says nothing was sent`);
    t.match(stderr, c.expect, `${c.name}: names the mistake`);
    t.equal(stdout, '', `${c.name}: no progress output`);
    t.same(
      lab.fleet.devices.map((d) => d.commandLog.lastSeq),
      marks,
      `${c.name}: no device received anything`,
    );
    t.notOk(stderr.includes(TOKEN), `${c.name}: the token is not printed`);
  }
  t.equal(lab.cssm.listTokens().length, tokensBefore, 'no token was created in CSSM');
});
