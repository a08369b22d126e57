import t from 'tap';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerCssm } from '../../src/cli/commands/cssm.js';
import { commands } from '../../src/cli/commands/index.js';
import type { CssmEmulator } from '../../src/emulator/cssm/index.js';
import { CBR8, NCS560, postDevice, startTestCssm } from '../emulator/cssm/helpers.js';
import { runSmartlic, type CliRun } from '../helpers/cli-run.js';


async function run(argv: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  return runSmartlic(argv, [registerCssm], { env, cwd });
}

/** An inventory whose CSSM secret is a reference to an environment variable, like a user's. */
function writeInventory(dir: string, cssm: CssmEmulator, name = 'inventory.json'): string {
  const entry = cssm.inventoryEntry();
  const file = join(dir, name);
  writeFileSync(
    file,
    JSON.stringify({
      cssm: { ...entry, clientSecret: { $env: 'CSSM_SECRET' } },
      hosts: { 'cbr8-1': { host: '127.0.0.1', port: 40001, username: 'admin', password: 'admin' } },
    }),
  );
  return file;
}

t.test('the cssm verb is registered in the command list', async (t) => {
  t.ok(commands.includes(registerCssm));
});

t.test('smartlic cssm token create prints the token; --json; options reach CSSM', async (t) => {
  const cssm = await startTestCssm(t);
  const dir = t.testdir();
  const inv = writeInventory(dir, cssm);
  const env = { CSSM_SECRET: cssm.clientSecret.reveal() };

  const plain = await run(['cssm', 'token', 'create', '-i', inv], env, dir);
  t.equal(plain.code, 0, plain.stderr);
  const printed = plain.stdout.trim();
  t.equal(plain.stdout, `${printed}\n`, 'just the token and a newline');
  t.ok(cssm.listTokens()[0]?.token.equals(printed), 'the printed token is the one CSSM created');
  t.match(cssm.listTokens()[0], { maxUses: null, exportControlled: false, expiresAt: '2026-03-31T00:00:00.000Z' });

  const json = await run(['cssm', 'token', 'create', '-i', 'inventory.json', '--days', '10', '--uses', '2', '--export-controlled', '--description', 'rack 7', '--json'], env, dir);
  t.equal(json.code, 0, json.stderr);
  const body = JSON.parse(json.stdout) as Record<string, unknown>;
  t.match(body, { virtualAccount: 'Default', expiresAt: '2026-03-11T00:00:00.000Z', description: 'rack 7', exportControlled: true, maxUses: 2 });
  t.ok(cssm.listTokens().some((x) => x.token.equals(body['token'] as string) && x.maxUses === 2 && x.exportControlled));

  const legacy = await run(['cssm', 'token', 'create', '-i', inv, '--api', 'legacy', '--virtual-account', 'IOSXR'], env, dir);
  t.equal(legacy.code, 0, legacy.stderr);
  t.ok(cssm.listTokens('IOSXR')[0]?.token.equals(legacy.stdout.trim()), 'legacy path family, other virtual account');
});

t.test('token list, revoke, instances, remove-instance, licenses', async (t) => {
  const cssm = await startTestCssm(t);
  const dir = t.testdir();
  const inv = writeInventory(dir, cssm);
  const token = cssm.createToken({ description: 'listed', maxUses: 5 });
  for (const [udi, hostname] of [
    [CBR8, 'cbr8-1'],
    [NCS560, 'ncs560-1'],
  ] as const) {
    await postDevice(cssm.url, { messageType: 'REGISTER', udi, hostname, idToken: token.token.reveal(), usage: [{ tag: 'US_License', count: 2 }] });
  }
  const env = { CSSM_SECRET: cssm.clientSecret.reveal(), TOKEN_TO_REVOKE: token.token.reveal() };

  const list = await run(['cssm', 'token', 'list', '-i', inv], env, dir);
  t.equal(list.code, 0, list.stderr);
  t.match(list.stdout, /^TOKEN\s+EXPIRES\s+USES\s+EXPORT\s+STATE\s+DESCRIPTION\n/);
  t.match(list.stdout, /2\/5\s+not allowed\s+active\s+listed/);
  t.notMatch(list.stdout, token.token.reveal(), 'token text abbreviated');
  const listJson = JSON.parse((await run(['cssm', 'token', 'list', '-i', inv, '--json'], env, dir)).stdout) as Array<Record<string, unknown>>;
  t.match(listJson, [{ tokenHint: `${token.token.reveal().slice(0, 8)}…`, uses: 2, maxUses: 5, state: 'active' }]);

  const revoke = await run(['cssm', 'token', 'revoke', '-i', inv, '--token-env', 'TOKEN_TO_REVOKE'], env, dir);
  t.equal(revoke.code, 0, revoke.stderr);
  t.equal(revoke.stdout, 'revoked\n');
  t.equal(cssm.listTokens()[0]?.status, 'revoked');
  const again = await run(['cssm', 'token', 'revoke', '-i', inv, '--token-env', 'TOKEN_TO_REVOKE', '--json'], env, dir);
  t.equal(again.code, 1, 'not revoked twice: host failure exit code');
  t.match(JSON.parse(again.stdout), { revoked: false, message: /already revoked/ });

  const instances = await run(['cssm', 'instances', '-i', inv], env, dir);
  t.equal(instances.code, 0, instances.stderr);
  t.match(instances.stdout, /HOSTNAME\s+PID\s+SN\s+STATUS\s+LAST CONTACT\s+VIRTUAL ACCOUNT/);
  t.match(instances.stdout, /cbr8-1\s+CBR-8-CCAP-CHASS\s+FXS1739Q0NT\s+in-compliance\s+2026-03-01T00:00:00.000Z\s+Default/);
  const instancesJson = JSON.parse((await run(['cssm', 'instances', '-i', inv, '--json'], env, dir)).stdout) as unknown[];
  t.equal(instancesJson.length, 2);

  const removed = await run(['cssm', 'remove-instance', '-i', inv, '--sn', CBR8.sn], env, dir);
  t.equal(removed.code, 0, removed.stderr);
  t.equal(removed.stdout, `removed SN ${CBR8.sn}\n`);
  t.equal(cssm.findProductInstance(CBR8), undefined);
  const missing = await run(['cssm', 'remove-instance', '-i', inv, '--sn', 'NOPE', '--pid', 'X'], env, dir);
  t.equal(missing.code, 1);
  t.match(missing.stdout, /^not removed: .*not found/);

  const licenses = await run(['cssm', 'licenses', '-i', inv, '--virtual-account', 'auto-test-1'], env, dir);
  t.equal(licenses.code, 0, licenses.stderr);
  t.match(licenses.stdout, /LICENSE\s+PURCHASED\s+IN USE\s+AVAILABLE\s+STATUS/);
  t.match(licenses.stdout, /WAN_License \(regid\.2014-11\.com\.cisco\.WAN_License,1\.0_[0-9a-f-]+\)\s+4\s+0\s+4\s+in-compliance/);
  const licJson = JSON.parse((await run(['cssm', 'licenses', '-i', inv, '--json'], env, dir)).stdout) as Array<Record<string, unknown>>;
  t.match(
    licJson.find((l) => l['name'] === 'US_License'),
    { inUse: 2, quantity: 10000 },
  );
});

t.test('failures: bad input exits 2 before anything is sent; CSSM failures exit 1 without the secret', async (t) => {
  const cssm = await startTestCssm(t);
  const dir = t.testdir({ 'no-cssm.json': JSON.stringify({ hosts: {} }) });
  const inv = writeInventory(dir, cssm);
  const env = { CSSM_SECRET: cssm.clientSecret.reveal() };
  const cases: Array<[string[], RegExp]> = [
    [['cssm', 'token', 'create', '-i', inv, '--days', '0'], /E_INVALID_ARGUMENT: invalid --days: must be between 1 and 365, got 0/],
    [['cssm', 'token', 'create', '-i', inv, '--days', 'ten'], /invalid --days: "ten" is not a whole number/],
    [['cssm', 'token', 'create', '-i', inv, '--uses', '0'], /invalid --uses/],
    [['cssm', 'token', 'create', '-i', inv, '--api', 'v9'], /invalid --api: must be apx or legacy/],
    [['cssm', 'token', 'create', '-i', join(dir, 'no-cssm.json')], /E_INVENTORY: .*no-cssm\.json: \/cssm: the inventory has no cssm entry/],
    [['cssm', 'token', 'create', '-i', join(dir, 'missing.json')], /E_INVENTORY: .*cannot read inventory/],
    [['cssm', 'token', 'revoke', '-i', inv, '--token-env', 'UNSET_VAR'], /environment variable UNSET_VAR is not set/],
  ];
  const api = cssm.stats().api + cssm.stats().oauth;
  for (const [argv, message] of cases) {
    const r = await run(argv, env, dir);
    t.equal(r.code, 2, argv.join(' '));
    t.match(r.stderr, message);
    t.equal(r.stdout, '');
  }
  const noSecret = await run(['cssm', 'token', 'create', '-i', inv], {}, dir);
  t.equal(noSecret.code, 2);
  t.match(noSecret.stderr, /E_SECRET_MISSING: .*environment variable CSSM_SECRET is not set/);
  t.equal(cssm.stats().api + cssm.stats().oauth, api, 'nothing was sent');
  const usage = await run(['cssm', 'token', 'create'], env, dir);
  t.equal(usage.code, 2, 'missing -i is a usage error');
  t.match(usage.stderr, /required option '-i, --inventory <file>' not specified/);

  const wrongSecret = 'wrong-cli-secret-4711';
  const denied = await run(['cssm', 'token', 'create', '-i', inv], { CSSM_SECRET: wrongSecret }, dir);
  t.equal(denied.code, 1);
  t.match(denied.stderr, /^smartlic: E_CSSM_AUTH: CSSM POST http:\/\/127\.0\.0\.1:\d+\/oauth2\/default\/v1\/token failed: HTTP 401/);
  t.notMatch(denied.stderr + denied.stdout, wrongSecret);
  t.notMatch(denied.stderr + denied.stdout, cssm.clientSecret.reveal());

  await cssm.faults.unreachable('refuse');
  const down = await run(['cssm', 'instances', '-i', inv, '--timeout', '2000'], env, dir);
  t.equal(down.code, 1);
  t.match(down.stderr, /E_CSSM_HTTP: .*network error/);

  const help = await run(['cssm', 'token', 'create', '--help'], env, dir);
  t.equal(help.code, 0);
  t.match(help.stdout, /--days <n>/);
  t.match(help.stdout, /--export-controlled/);
});
