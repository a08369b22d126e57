/**
 * Secrets sweep (issue 11): every workflow and verb — onboard, register, renew, status, watch, sync-loss
 * re-registration, RMA deregistration with its evidence bundle, deregister, the CSSM verbs — run through the
 * `smartlic` command line against the lab with known, distinctive secrets: the ID tokens (issued by CSSM, and a
 * bad one), the device password, an SSH key passphrase (and the key), the CSSM client secret, and wrong ones
 * (device password, client secret) on the failure paths (bad and revoked token, device auth failure, CSSM 401
 * and 5xx). Then every output is searched for every secret: stdout and stderr of each run, the NDJSON events,
 * the JSON and JUnit reports, the evidence bundle, the engine's pino log and the emulators' (CSSM, NETCONF, call
 * home) at debug level, the devices' command logs and syslog. The search also looks for each secret's
 * URL-decoded form and its first 16 characters (a secret cut or wrapped still leaks).
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { commands } from '../../src/cli/commands/index.js';
import { playbookCommands } from '../../src/cli/commands/playbook.js';
import { registerPlaybookCommands } from '../../src/cli/commands/playbook.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { runSmartlic } from '../helpers/cli-run.js';
import { generateEd25519 } from '../transport/helpers/ssh-server.js';
import type { Inventory } from '../../src/inventory/types.js';
import { createLogger } from '../../src/log.js';
import { CssmClient } from '../../src/cssm/client.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { startLab } from '../../src/emulator/lab.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import { sink } from './helpers/injection-lab.js';

const DEVICE_PASSWORD = 'Sweep-DevPw-4711-qzRt';
const WRONG_PASSWORD = 'Sweep-WrongPw-3318-hjKm';
const KEY_PASSPHRASE = 'Sweep-KeyPass-9931-xvLp';
const CSSM_SECRET = 'Sweep-CssmSecret-5520-kwNb';
const WRONG_CSSM_SECRET = 'Sweep-WrongCssm-6604-bnQe';
const BAD_TOKEN = 'U3dlZXBCYWRUb2tlbi0wMDctbm90LWlzc3VlZA%0AbnV0LWRpc3RpbmN0%3D%0A';

/** The forms a secret can leak in: as is, URL-decoded, and its first 16 characters. */
function leakForms(secret: string): string[] {
  const forms = new Set([secret, secret.slice(0, 16)]);
  try {
    forms.add(decodeURIComponent(secret));
  } catch {
    // not URL-encoded
  }
  return [...forms];
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

t.test('every workflow, verb and failure path with known secrets: none of them in any output', async (t) => {
  const labLog: string[] = [];
  const engineLog: string[] = [];
  const key = generateEd25519({ passphrase: KEY_PASSPHRASE, cipher: 'aes256-ctr', rounds: 4 });
  // The lab's clock is the wall clock (time scale 1), as the onboard workflow's clock check wants.
  const started = await startLab({
    devices: 3,
    platform: 'mixed',
    models: ['cBR-8', 'NCS-1004', 'cBR-8'],
    users: [{ username: 'netops', password: DEVICE_PASSWORD, publicKeys: [key.public], privilege: 15 }],
    cssm: { clientId: 'sweep-client', clientSecret: CSSM_SECRET },
    logger: createLogger({ level: 'debug', destination: sink(labLog) as never }),
  });
  t.teardown(() => started.close());
  const e2e = {
    lab: started,
    device: (name: string): EmulatedDevice => started.fleet.device(name) ?? t.fail(name) as never,
    cssm: CssmClient.fromAccount(inventoryFromObject(started.inventory(), 'lab.json').cssm!),
  };
  const dir = t.testdir({ secrets: { 'id_ed25519': key.private } });
  const lab = e2e.lab.inventory();
  const hosts = Object.fromEntries(
    Object.entries(lab.hosts).map(([name, host]) => {
      const { password: _inline, ...rest } = host;
      // ncs1004-1 logs in with its key (passphrase from the environment), the others with the password.
      return [name, name === 'ncs1004-1' ? { ...rest, privateKey: { $file: 'secrets/id_ed25519' }, passphrase: { $env: 'SWEEP_KEY_PASSPHRASE' } } : { ...rest, password: { $env: 'SWEEP_DEVICE_PASSWORD' } }];
    }),
  );
  const inventory: Inventory = { ...lab, hosts, groups: { ...lab.groups, rma: ['cbr8-2'] }, cssm: { ...lab.cssm!, clientSecret: { $env: 'SWEEP_CSSM_SECRET' } } };
  writeFileSync(join(dir, 'inventory.json'), JSON.stringify(inventory, null, 2));
  const wrongPassword = { ...inventory, hosts: { 'cbr8-1': { ...hosts['cbr8-1']!, password: { $env: 'SWEEP_WRONG_PASSWORD' } } }, groups: {} };
  writeFileSync(join(dir, 'wrong-password.json'), JSON.stringify(wrongPassword));
  writeFileSync(join(dir, 'wrong-cssm.json'), JSON.stringify({ ...inventory, cssm: { ...inventory.cssm!, clientSecret: { $env: 'SWEEP_WRONG_CSSM_SECRET' } } }));

  const env: NodeJS.ProcessEnv = {
    SWEEP_DEVICE_PASSWORD: DEVICE_PASSWORD,
    SWEEP_WRONG_PASSWORD: WRONG_PASSWORD,
    SWEEP_KEY_PASSPHRASE: KEY_PASSPHRASE,
    SWEEP_CSSM_SECRET: CSSM_SECRET,
    SWEEP_WRONG_CSSM_SECRET: WRONG_CSSM_SECRET,
  };
  const secrets = [DEVICE_PASSWORD, WRONG_PASSWORD, KEY_PASSPHRASE, CSSM_SECRET, WRONG_CSSM_SECRET, BAD_TOKEN, key.private.split('\n')[1] ?? ''];
  const outputs: { readonly what: string; readonly text: string }[] = [];
  const fast = { licensing: { pollIntervalMs: 20, maxPollIntervalMs: 100 }, workflow: { pollIntervalMs: 20, cssmIntervalMs: 20 } };
  const verbs = [playbookCommands({ runners: fast, run: { logger: createLogger({ level: 'debug', destination: sink(engineLog) as never }) } }), ...commands.filter((c) => c !== registerPlaybookCommands)];
  const smartlic = async (argv: readonly string[], extra: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> => {
    const r = await runSmartlic(argv, verbs, { env: { ...env, ...extra }, cwd: dir });
    outputs.push({ what: `${argv.join(' ')} (stdout)`, text: r.stdout }, { what: `${argv.join(' ')} (stderr)`, text: r.stderr });
    return r;
  };
  const playbook = (name: string, doc: unknown): string => {
    writeFileSync(join(dir, name), JSON.stringify(doc));
    return name;
  };
  const statusTasks = [{ name: 'state', status: { udi: true, summary: true }, registerAs: 'state' }];

  // Failure paths first, on unregistered devices.
  const badOnboard = playbook('onboard.json', JSON.parse(readFileSync('playbooks/onboard.json', 'utf8')));
  let r = await smartlic(['run', badOnboard, '-i', 'inventory.json', '--limit', 'cbr8-1', '--json', '--report', 'bad-token.json', '--junit', 'bad-token.xml'], { SMARTLIC_TOKEN: BAD_TOKEN });
  t.equal(r.code, ExitCode.hostFailed, 'a bad token fails the host');
  t.match(r.stdout, /E_TOKEN_INVALID|E_REGISTRATION_FAILED|E_TOKEN/);
  r = await smartlic(['register', '-i', 'inventory.json', '--token-env', 'SMARTLIC_TOKEN', '--limit', 'cbr8-1', '--json'], { SMARTLIC_TOKEN: BAD_TOKEN });
  t.equal(r.code, ExitCode.hostFailed);
  r = await smartlic(['status', '-i', 'wrong-password.json']);
  t.equal(r.code, ExitCode.hostFailed, 'a wrong password fails the host');
  t.match(r.stdout, /E_AUTH/);
  r = await smartlic(['run', playbook('status.json', { name: 'status', hosts: 'all', tasks: statusTasks }), '-i', 'wrong-password.json', '--json', '--report', 'auth-failure.json', '--junit', 'auth-failure.xml']);
  t.equal(r.code, ExitCode.hostFailed);
  r = await smartlic(['cssm', 'instances', '-i', 'wrong-cssm.json']);
  t.not(r.code, ExitCode.ok, 'a wrong client secret is refused by CSSM');
  t.match(r.stderr + r.stdout, /E_CSSM_AUTH/);
  e2e.lab.cssm.faults.failNext(20, 503, 'api');
  r = await smartlic(['cssm', 'token', 'create', '-i', 'inventory.json', '--json']);
  t.not(r.code, ExitCode.ok, 'CSSM 503');
  t.match(r.stderr + r.stdout, /E_CSSM_HTTP|503/);
  e2e.lab.cssm.faults.failNext(20, 503, 'api');
  r = await smartlic(['run', playbook('cssm-token.json', { name: 'register with a CSSM token', hosts: 'cbr8-1', tasks: [{ register: { token: { cssm: { days: 1 } } } }] }), '-i', 'inventory.json', '--json', '--report', 'cssm-5xx.json']);
  t.equal(r.code, ExitCode.hostFailed, 'a token that cannot be created fails the host');
  e2e.lab.cssm.faults.clear?.();

  // A token refused before anything is sent is never registered as a secret: the refusal must not quote it.
  const refusedToken = `${BAD_TOKEN}|x`;
  secrets.push(refusedToken.slice(0, -2));
  r = await smartlic(['run', badOnboard, '-i', 'inventory.json', '--json'], { SMARTLIC_TOKEN: refusedToken });
  t.equal(r.code, ExitCode.badInput);
  r = await smartlic(['register', '-i', 'inventory.json', '--token-env', 'SMARTLIC_TOKEN'], { SMARTLIC_TOKEN: refusedToken });
  t.equal(r.code, ExitCode.badInput);

  // The good path: a token from CSSM, onboarding, status, renewals, watch.
  r = await smartlic(['cssm', 'token', 'create', '-i', 'inventory.json', '--days', '1', '--description', 'sweep']);
  t.equal(r.code, ExitCode.ok, r.stderr);
  const token = r.stdout.trim();
  secrets.push(token);
  outputs.length = outputs.length - 2; // printing the token is that verb's job
  t.ok([token, token.slice(0, 16)].every((form) => r.stdout.includes(form)), 'the search finds a secret where one is printed on purpose');
  r = await smartlic(['run', badOnboard, '-i', 'inventory.json', '--json', '--report', 'onboard.json.report.json', '--junit', 'onboard.xml'], { SMARTLIC_TOKEN: token });
  t.equal(r.code, ExitCode.ok, 'onboarded');
  r = await smartlic(['status', '-i', 'inventory.json', '--json']);
  t.equal(r.code, ExitCode.ok);
  r = await smartlic(['status', '-i', 'inventory.json']);
  writeFileSync(join(dir, 'netconf-inventory.json'), JSON.stringify({ ...inventory, defaults: { transport: 'netconf' } }));
  r = await smartlic(['run', playbook('status.json', { name: 'status', hosts: 'all', tasks: statusTasks }), '-i', 'netconf-inventory.json', '--json', '--report', 'netconf-status.json']);
  t.equal(r.code, ExitCode.ok, 'status over NETCONF (password and key logins)');
  r = await smartlic(['renew', 'auth', '-i', 'inventory.json', '--json']);
  t.equal(r.code, ExitCode.ok);
  r = await smartlic(['renew', 'id', '-i', 'inventory.json']);
  t.equal(r.code, ExitCode.ok);
  r = await smartlic(['run', playbook('watch.json', { name: 'watch', hosts: 'all', tasks: [{ watch: { duration: '300ms', interval: '100ms', autoRenew: true } }, ...statusTasks] }), '-i', 'inventory.json', '--report', 'watch.json.report.json']);
  t.equal(r.code, ExitCode.ok, r.stdout);

  // A revoked token: the device refuses it (classified device error).
  await e2e.cssm.revokeToken(token);
  r = await smartlic(['register', '-i', 'inventory.json', '--token-env', 'SMARTLIC_TOKEN', '--limit', 'cbr8-1', '--force', '--json'], { SMARTLIC_TOKEN: token });
  t.equal(r.code, ExitCode.hostFailed, 'a revoked token fails');

  // Sync loss on the NCS 1004 (logs in with its key): the shipped playbook re-registers with a token from CSSM.
  t.ok(e2e.lab.cssm.removeProductInstance({ sn: e2e.device('ncs1004-1').identity.serial }));
  r = await smartlic(['run', playbook('sync-loss.json', JSON.parse(readFileSync('playbooks/sync-loss-reregister.json', 'utf8'))), '-i', 'inventory.json', '--json', '--report', 'sync-loss.report.json', '--junit', 'sync-loss.xml']);
  t.equal(r.code, ExitCode.ok, 'recovered from the sync loss');
  for (const issued of await e2e.cssm.listTokens()) secrets.push(issued.token.reveal());

  // RMA with its evidence bundle, then `deregister` (cbr8-1; its last registration failed on the revoked token).
  r = await smartlic(['run', playbook('rma.json', JSON.parse(readFileSync('playbooks/rma-deregister.json', 'utf8'))), '-i', 'inventory.json', '--report', 'rma.report.json', '--junit', 'rma.xml']);
  t.equal(r.code, ExitCode.ok, r.stdout);
  const bundles = filesUnder(join(dir, 'rma-evidence'));
  t.equal(bundles.length, 1, 'the evidence bundle was written');
  r = await smartlic(['deregister', '-i', 'inventory.json', '--limit', 'cbr8-1', '--json']);
  t.equal(r.code, ExitCode.ok, r.stdout);

  // Everything anyone could read afterwards.
  for (const file of filesUnder(dir)) {
    if (/inventory\.json$|wrong-|secrets\//.test(file) || /\/(onboard|status|watch|rma|sync-loss|cssm-token)\.json$/.test(file)) continue;
    outputs.push({ what: file.slice(dir.length + 1), text: readFileSync(file, 'utf8') });
  }
  outputs.push({ what: 'engine log', text: engineLog.join('') }, { what: 'lab log', text: labLog.join('') });
  for (const name of ['cbr8-1', 'cbr8-2', 'ncs1004-1']) {
    const device = e2e.device(name);
    outputs.push({ what: `${name} command log`, text: device.commandLog.entries().map((e) => e.line).join('\n') });
    outputs.push({ what: `${name} syslog`, text: device.syslog.entries().map((e) => e.text).join('\n') });
  }
  t.ok(engineLog.length > 0 && labLog.length > 0, 'the loggers logged');
  t.ok(outputs.some((o) => o.what === 'rma.report.json') && outputs.some((o) => /rma-evidence/.test(o.what)), 'reports and bundle swept');
  const leaks: string[] = [];
  for (const secret of secrets.filter((s) => s.length >= 16)) {
    for (const form of leakForms(secret)) {
      for (const output of outputs) if (output.text.includes(form)) leaks.push(`${output.what}: ${JSON.stringify(form.slice(0, 6))}…`);
    }
  }
  t.same(leaks, [], `${secrets.length} secrets, ${outputs.length} outputs: no leak`);
});
