/**
 * Bad playbooks and inventories (issue 11): a table of malformed inputs — unreadable and unparseable files,
 * duplicate keys, schema errors and wrong types, unknown hosts and groups, groups nested or in a cycle, missing
 * vars and `$env` / `$file` secrets, bad transports, ports and host-key policies, bad `when` expressions and
 * durations, inline tokens — each run through `smartlic validate`, `smartlic run` and (for inventories) a verb,
 * each with its expected error code and JSON pointer / message, exit 2 (bad input), and the lab's devices
 * received nothing at all.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ExitCode } from '../../src/cli/exit-codes.js';
import type { Inventory } from '../../src/inventory/types.js';
import { startE2eLab } from './helpers/e2e-lab.js';
import { smartlicIn } from './helpers/injection-lab.js';

interface BadInput {
  readonly name: string;
  /** The playbook file's text or document (default: a valid one-task status playbook). */
  readonly playbook?: unknown;
  readonly playbookFile?: string;
  /** The inventory file's text or document (default: the lab's, valid), or a change to the lab's. */
  readonly inventory?: unknown;
  readonly inventoryFile?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly limit?: string;
  /** The error code and a pattern for the pointer and message that must follow it. */
  readonly code: string;
  readonly expect: RegExp;
  /** Also run `smartlic status` on the inventory (inventory errors). */
  readonly verb?: true;
}

const STATUS = { name: 'status', hosts: 'all', tasks: [{ name: 'state', status: {} }] };
const task = (...tasks: unknown[]): unknown => ({ name: 'bad', hosts: 'all', tasks });

t.test('malformed playbooks and inventories: the documented error, exit 2, nothing sent', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
  const lab = e2e.lab.inventory();
  const host = (name: string, change: Record<string, unknown>): Inventory => ({ ...lab, hosts: { ...lab.hosts, [name]: { ...lab.hosts[name]!, ...change } } });
  const without = (name: string, ...fields: string[]): Inventory => {
    const h: Record<string, unknown> = { ...lab.hosts[name]! };
    for (const f of fields) delete h[f];
    return { ...lab, hosts: { ...lab.hosts, [name]: h as never } };
  };
  const labJson = JSON.stringify(lab, null, 2);

  const inventories: readonly BadInput[] = [
    { name: 'inventory file missing', inventoryFile: 'nowhere.json', code: 'E_INVENTORY', expect: /cannot read inventory \(ENOENT\)/, verb: true },
    { name: 'inventory not JSON', inventory: '{"hosts": {', code: 'E_INVENTORY', expect: /not valid JSON/, verb: true },
    { name: 'inventory not YAML', inventory: 'hosts:\n  cbr8-1: [unclosed\n', inventoryFile: 'inventory.yaml', code: 'E_INVENTORY', expect: /not valid YAML/, verb: true },
    { name: 'inventory YAML with a host twice', inventory: 'hosts:\n  cbr8-1: {host: 127.0.0.1, username: a, password: b}\n  cbr8-1: {host: 127.0.0.2, username: a, password: b}\n', inventoryFile: 'inventory.yml', code: 'E_INVENTORY', expect: /not valid YAML: Map keys must be unique/, verb: true },
    {
      name: 'inventory JSON with a host twice',
      inventory: labJson.replace('"hosts": {', `"hosts": {\n    "cbr8-1": ${JSON.stringify(lab.hosts['cbr8-1'])},`),
      code: 'E_INVENTORY',
      expect: /the key "cbr8-1" is given twice in one object \(line \d+ column \d+\)/,
      verb: true,
    },
    { name: 'inventory without hosts', inventory: { groups: {} }, code: 'E_INVENTORY', expect: /\/: must have required property 'hosts'|hosts/, verb: true },
    { name: 'port as a string', inventory: host('cbr8-1', { port: '22' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/port: must be integer/, verb: true },
    { name: 'port out of range', inventory: host('cbr8-1', { port: 70000 }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/port: must be <= 65535/, verb: true },
    { name: 'NETCONF port zero', inventory: host('cbr8-1', { netconfPort: 0 }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/netconfPort: must be >= 1/, verb: true },
    { name: 'unknown transport', inventory: host('cbr8-1', { transport: 'telnet' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/transport: must be one of/, verb: true },
    { name: 'unknown host-key policy', inventory: host('cbr8-1', { hostKeyPolicy: 'trust-me' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/hostKeyPolicy: must be one of/, verb: true },
    { name: 'host key not a SHA256 fingerprint', inventory: host('cbr8-1', { hostKey: 'MD5:aa:bb' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/hostKey/, verb: true },
    { name: 'unknown platform', inventory: host('cbr8-1', { platform: 'junos' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/platform: must be one of/, verb: true },
    { name: 'unknown host field', inventory: host('cbr8-1', { pasword: 'x' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1: must NOT have additional properties \(pasword\)|pasword/, verb: true },
    { name: 'timeout of the wrong type', inventory: host('cbr8-1', { timeoutMs: 'soon' }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/timeoutMs: must be integer/, verb: true },
    { name: 'no username', inventory: without('cbr8-1', 'username'), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1: no username/, verb: true },
    { name: 'no credentials', inventory: without('cbr8-1', 'password'), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1: no credentials/, verb: true },
    { name: 'group naming an unknown host', inventory: { ...lab, groups: { ...lab.groups, edge: ['cbr8-9'] } }, code: 'E_INVENTORY', expect: /\/groups\/edge\/0: unknown host "cbr8-9"/, verb: true },
    { name: 'group nesting a group', inventory: { ...lab, groups: { ...lab.groups, edge: ['cbr8'] } }, code: 'E_INVENTORY', expect: /\/groups\/edge\/0: unknown host "cbr8"/, verb: true },
    { name: 'groups in a cycle', inventory: { ...lab, groups: { a: ['b'], b: ['a'] } }, code: 'E_INVENTORY', expect: /\/groups\/a\/0: unknown host "b"[\s\S]*\/groups\/b\/0: unknown host "a"/, verb: true },
    { name: 'group named like a host', inventory: { ...lab, groups: { ...lab.groups, 'cbr8-1': ['ncs1004-1'] } }, code: 'E_INVENTORY', expect: /\/groups\/cbr8-1: group "cbr8-1" has the same name as a host/, verb: true },
    { name: 'group named all', inventory: { ...lab, groups: { all: ['cbr8-1'] } }, code: 'E_INVENTORY', expect: /\/groups\/all: "all" is reserved/, verb: true },
    { name: 'vars for an unknown group', inventory: { ...lab, groupVars: { edge: { a: 1 } } }, code: 'E_INVENTORY', expect: /\/groupVars\/edge: unknown group "edge"/, verb: true },
    { name: 'password $env not set', inventory: host('cbr8-1', { password: { $env: 'NOT_SET_ANYWHERE' } }), code: 'E_SECRET_MISSING', expect: /\/hosts\/cbr8-1\/password: environment variable NOT_SET_ANYWHERE is not set/, verb: true },
    { name: 'password $file missing', inventory: host('cbr8-1', { password: { $file: 'no-such-secret' } }), code: 'E_SECRET_MISSING', expect: /\/hosts\/cbr8-1\/password: secret file no-such-secret cannot be read \(ENOENT\)/, verb: true },
    { name: 'password $file empty', inventory: host('cbr8-1', { password: { $file: 'empty-secret' } }), code: 'E_SECRET_MISSING', expect: /\/hosts\/cbr8-1\/password: secret file empty-secret is empty/, verb: true },
    { name: 'password $env not a variable name', inventory: host('cbr8-1', { password: { $env: 'A-B' } }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/password/, verb: true },
    { name: 'secret reference with two keys', inventory: host('cbr8-1', { password: { $env: 'A', $file: 'b' } }), code: 'E_INVENTORY', expect: /\/hosts\/cbr8-1\/password/, verb: true },
    { name: 'CSSM secret $env not set', playbook: task({ register: { token: { cssm: {} } } }), inventory: { ...lab, cssm: { ...lab.cssm!, clientSecret: { $env: 'NO_CSSM_SECRET' } } }, code: 'E_PLAYBOOK', expect: /\/tasks\/0\/register\/token: the token is to be created through CSSM: inventory [^ ]+ \/cssm\/clientSecret: environment variable NO_CSSM_SECRET is not set/ },
    { name: 'unknown host in --limit', limit: 'cbr8-9', code: 'E_INVENTORY', expect: /host pattern "cbr8-9" matches no host or group/, verb: true },
    { name: 'bad regex in --limit', limit: '~cbr8-(', code: 'E_INVENTORY', expect: /host pattern "~cbr8-\(" is not a valid regular expression/, verb: true },
  ];

  const playbooks: readonly BadInput[] = [
    { name: 'playbook file missing', playbookFile: 'nowhere.json', code: 'E_PLAYBOOK', expect: /cannot read playbook \(ENOENT\)/ },
    { name: 'playbook not JSON', playbook: '{"name": "x", "tasks": [', code: 'E_PLAYBOOK', expect: /not valid JSON: .*\(line 1 column \d+\)|not valid JSON/ },
    { name: 'playbook not YAML', playbook: 'name: x\ntasks:\n  - status: {\n', playbookFile: 'pb.yaml', code: 'E_PLAYBOOK', expect: /not valid YAML/ },
    { name: 'playbook JSON with a task parameter twice', playbook: '{"name": "x", "hosts": "all", "tasks": [{"show": {"command": "show license status", "command": "show version"}}]}', code: 'E_PLAYBOOK', expect: /the key "command" is given twice in one object \(line 1 column \d+\)/ },
    { name: 'playbook YAML with a var twice', playbook: 'name: x\nhosts: all\nvars:\n  a: 1\n  a: 2\ntasks:\n  - status: {}\n', playbookFile: 'pb.yml', code: 'E_PLAYBOOK', expect: /not valid YAML: Map keys must be unique/ },
    { name: 'playbook without tasks', playbook: { name: 'x', hosts: 'all' }, code: 'E_PLAYBOOK', expect: /tasks/ },
    { name: 'playbook hosts of the wrong type', playbook: { name: 'x', hosts: 42, tasks: [{ status: {} }] }, code: 'E_PLAYBOOK', expect: /\/hosts: must be string/ },
    { name: 'unknown host in the playbook', playbook: { ...STATUS, hosts: 'cbr8-9' }, code: 'E_PLAYBOOK', expect: /\/hosts: host pattern "cbr8-9" matches no host or group in inventory/ },
    { name: 'unknown group in the playbook', playbook: { ...STATUS, hosts: 'edge' }, code: 'E_PLAYBOOK', expect: /\/hosts: host pattern "edge" matches no host or group in inventory/ },
    { name: 'unknown task type', playbook: task({ reboot: {} }), code: 'E_PLAYBOOK', expect: /\/tasks\/0/ },
    { name: 'two task types in one task', playbook: task({ status: {}, show: { command: 'show version' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0/ },
    { name: 'task parameter of the wrong type', playbook: task({ status: { udi: 'yes' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/status\/udi: must be boolean/ },
    { name: 'unknown task parameter', playbook: task({ renew: { kind: 'auth', forcefully: true } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/renew/ },
    { name: 'enum value wrong', playbook: task({ renew: { kind: 'everything' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/renew\/kind: must be one of/ },
    { name: 'missing var', playbook: task({ show: { command: 'show {{ what }}' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/show\/command: .*what/ },
    { name: 'missing $env secret', playbook: { ...task({ register: { token: '{{ tok }}' } }) as object, vars: { tok: { $env: 'NO_TOKEN_HERE' } } }, code: 'E_SECRET_MISSING', expect: /\/vars\/tok: environment variable NO_TOKEN_HERE is not set/ },
    { name: 'missing $file secret', playbook: task({ register: { token: { $file: 'no-token-file' } } }), code: 'E_SECRET_MISSING', expect: /\/tasks\/0\/register\/token: secret file no-token-file cannot be read \(ENOENT\)/ },
    { name: 'inline token', playbook: task({ register: { token: 'Tl4UytrNXBzbEs1ck8veUtWaG5a%0A' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/register\/token/ },
    { name: 'when that does not parse', playbook: task({ status: {}, when: "host.platform == 'ios-xe" }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/when/ },
    { name: 'when of the wrong type', playbook: task({ status: {}, when: 42 }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/when/ },
    { name: 'when naming an unknown variable', playbook: task({ status: {}, when: "nothing.here == 'x'" }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/when/ },
    { name: 'duration that does not parse', playbook: task({ wait: { task: { status: {} }, until: 'true', interval: '10 parsecs', timeout: '1m' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/wait\/interval/ },
    { name: 'intent schema error', playbook: task({ configure: { intent: { dns: { nameServer: 'one' } } } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer/ },
    { name: 'intent for the other platform', playbook: { ...STATUS, hosts: 'cbr8-1', tasks: [{ configure: { intent: { flexibleConsumption: { enable: true } } } }] }, code: 'E_PLAYBOOK', expect: /\/tasks\/0\/configure\/intent\/flexibleConsumption: is IOS-XR configuration/ },
    { name: 'registerAs a reserved name', playbook: task({ status: {}, registerAs: 'host' }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/registerAs/ },
    { name: 'show task that writes a file', playbook: task({ show: { command: 'show running-config | redirect bootflash:x' } }), code: 'E_PLAYBOOK', expect: /\/tasks\/0\/show\/command: "\| redirect" is not allowed/ },
    { name: 'serial of the wrong type', playbook: { ...STATUS, serial: 'half' }, code: 'E_PLAYBOOK', expect: /\/serial/ },
  ];

  const dir = t.testdir({ 'empty-secret': '' });
  const smartlic = smartlicIn(dir);
  const run = async (argv: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number; out: string }> => {
    const r = await smartlic(argv, env);
    return { code: r.code, out: r.stdout + r.stderr };
  };
  const write = (file: string, content: unknown): void => writeFileSync(join(dir, file), typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  let tried = 0;
  for (const input of [...inventories, ...playbooks]) {
    const inventoryFile = input.inventoryFile ?? 'inventory.json';
    write(inventoryFile === 'nowhere.json' ? 'inventory.json' : inventoryFile, input.inventory ?? lab);
    const playbookFile = input.playbookFile ?? 'pb.json';
    if (playbookFile !== 'nowhere.json') write(playbookFile, input.playbook ?? STATUS);
    const limit = input.limit === undefined ? [] : ['--limit', input.limit];
    // NDJSON (--json) escapes the quotes of a message.
    const expect = new RegExp(`${input.code}[\\s\\S]*${input.expect.source.replace(/"/g, '\\\\?"')}`);
    const argvs = [
      ['validate', playbookFile, '-i', inventoryFile, ...limit],
      ['run', playbookFile, '-i', inventoryFile, ...limit],
      ['run', playbookFile, '-i', inventoryFile, ...limit, '--json'],
      ...(input.verb === true ? [['status', '-i', inventoryFile, ...limit]] : []),
    ];
    for (const argv of argvs) {
      const r = await run(argv, input.env ?? {});
      tried++;
      t.equal(r.code, ExitCode.badInput, `${input.name}: ${argv[0]}${argv.includes('--json') ? ' --json' : ''} exits 2`, { out: r.out.slice(0, 600) });
      t.match(r.out, expect, `${input.name}: ${argv[0]} says ${input.code} and where`);
    }
  }
  t.ok(tried >= 200, `${inventories.length + playbooks.length} malformed inputs, ${tried} command lines`);
  for (const name of ['cbr8-1', 'ncs1004-1']) t.equal(e2e.device(name).commandLog.lastSeq, 0, `${name} received nothing`);
});
