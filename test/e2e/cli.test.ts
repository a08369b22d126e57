/**
 * The licensing verbs of the command line end to end against a lab started in process: `smartlic cssm token
 * create`, `register --token-env`, `status --json`, `renew auth`, `deregister` on the lab's own inventory file,
 * their exit codes, and the ID token in no output and no log (CLI stdout / stderr, the lab's debug log, the
 * devices' command logs and syslog).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import t from 'tap';
import { commands } from '../../src/cli/commands/index.js';
import { runSmartlic, type CliRun } from '../helpers/cli-run.js';
import { createLogger } from '../../src/log.js';
import { XE_PREREQUISITES, XR_PREREQUISITES, startE2eLab } from './helpers/e2e-lab.js';

function sink(into: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      into.push(String(chunk));
      callback();
    },
  });
}

t.test('cssm token create → register → status --json → renew auth → deregister, exit codes, the token nowhere', async (t) => {
  const labLog: string[] = [];
  const e2e = await startE2eLab(t, {
    devices: 2,
    platform: 'mixed',
    models: ['cBR-8', 'NCS-1004'],
    logger: createLogger({ level: 'debug', destination: sink(labLog) as never }),
  });
  const dir = t.testdir();
  const inventory = join(dir, 'inventory.json');
  writeFileSync(inventory, JSON.stringify(e2e.lab.inventory()));
  const outputs: string[] = [];
  const run = async (argv: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> => {
    const result = await runSmartlic(argv, commands, { env, cwd: dir });
    outputs.push(result.stdout, result.stderr);
    return result;
  };

  const [cbr8, ncs1004] = await Promise.all([e2e.open('cbr8-1'), e2e.open('ncs1004-1')]);
  await Promise.all([cbr8.session.sendConfig(XE_PREREQUISITES), ncs1004.session.sendConfig(XR_PREREQUISITES)]);

  const created = await run(['cssm', 'token', 'create', '-i', 'inventory.json', '--days', '30', '--description', 'cli e2e']);
  t.equal(created.code, 0);
  const token = created.stdout.trim();
  t.match(token, /^\S{40,}$/, 'the token, alone on stdout');
  outputs.length = 0; // printing the token is that verb's job; every later output must not show it

  const registered = await run(['register', '-i', 'inventory.json', '--token-env', 'SMARTLIC_TOKEN'], { SMARTLIC_TOKEN: token });
  t.equal(registered.code, 0, registered.stdout + registered.stderr);
  t.match(registered.stdout, /^cbr8-1 +ok +REGISTERED, AUTHORIZED; account Default\n/m);
  t.match(registered.stdout, /^ncs1004-1 +ok +REGISTERED, AUTHORIZED; account .+ \/ Default\n/m);
  t.match(registered.stdout, /2 hosts: 2 ok, 0 failed\n$/);
  t.same((await e2e.cssm.listProductInstances()).map((i) => i.udi.sn).sort(), [e2e.device('cbr8-1').identity.serial, e2e.device('ncs1004-1').identity.serial].sort());

  const status = await run(['status', '-i', 'inventory.json', '--json']);
  t.equal(status.code, 0);
  const report = JSON.parse(status.stdout) as { operation: string; ok: boolean; hosts: { host: string; ok: boolean; platform: string; state: { registration: string; authorization: string } }[] };
  t.match(report, {
    operation: 'status',
    ok: true,
    hosts: [
      { host: 'cbr8-1', ok: true, platform: 'ios-xe', state: { registration: 'registered', authorization: 'authorized' } },
      { host: 'ncs1004-1', ok: true, platform: 'ios-xr', state: { registration: 'registered', authorization: 'authorized' } },
    ],
  });

  const renewed = await run(['renew', 'auth', '-i', 'inventory.json', '--limit', 'ncs1004', '--json']);
  t.equal(renewed.code, 0);
  t.match(JSON.parse(renewed.stdout), { operation: 'renew-auth', ok: true, hosts: [{ host: 'ncs1004-1', ok: true, command: 'license smart renew auth', changed: true }] });

  const deregistered = await run(['deregister', '-i', 'inventory.json']);
  t.equal(deregistered.code, 0, deregistered.stdout);
  t.match(deregistered.stdout, /^cbr8-1 +ok +UNREGISTERED, EVAL MODE\n/m);
  t.match(deregistered.stdout, /^ncs1004-1 +ok +UNREGISTERED, EVAL MODE\n/m);
  t.same(await e2e.cssm.listProductInstances(), [], 'both instances gone from CSSM');

  // A revoked token fails the host with its classified code: exit 1.
  await e2e.cssm.revokeToken(token);
  const refused = await run(['register', '-i', 'inventory.json', '--token-env', 'SMARTLIC_TOKEN', '--limit', 'cbr8-1', '--json'], { SMARTLIC_TOKEN: token });
  t.equal(refused.code, 1);
  t.match(JSON.parse(refused.stdout), {
    operation: 'register',
    ok: false,
    hosts: [{ host: 'cbr8-1', ok: false, error: { code: 'E_TOKEN_REVOKED', operation: 'register', evidence: ['Registration Status: UNREGISTERED - REGISTRATION FAILED'] } }],
  });
  const missing = await run(['register', '-i', 'inventory.json', '--token-env', 'NOT_SET']);
  t.equal(missing.code, 2, 'a missing token variable is bad input');
  t.match(missing.stderr, /E_INVALID_ARGUMENT: .*NOT_SET is not set/);

  const notRegistered = await run(['renew', 'auth', '-i', 'inventory.json']);
  t.equal(notRegistered.code, 1);
  t.match(notRegistered.stdout, /^cbr8-1 +FAILED +E_NOT_REGISTERED: /m);
  t.match(notRegistered.stdout, /^ncs1004-1 +FAILED +E_NOT_REGISTERED: /m);
  const again = await run(['deregister', '-i', 'inventory.json']);
  t.equal(again.code, 0);
  t.match(again.stdout, /^cbr8-1 +ok +UNREGISTERED - REGISTRATION FAILED, EVAL MODE \(nothing to do\)\n/m);

  const devices = [e2e.device('cbr8-1'), e2e.device('ncs1004-1')];
  const logs = [
    ...outputs,
    ...labLog,
    ...devices.flatMap((d) => d.commandLog.entries().map((e) => e.line)),
    ...devices.flatMap((d) => d.syslog.entries().map((e) => e.text)),
  ];
  t.ok(labLog.some((l) => l.includes('call home delivered')), 'the lab logged the call homes');
  t.ok(devices.every((d) => d.commandLog.entries().some((e) => e.line === 'license smart register idtoken ***')), 'the devices logged the command, redacted');
  t.equal(logs.filter((l) => l.includes(token)).length, 0, 'the token appears in no output and no log');
});
