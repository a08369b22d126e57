/**
 * README.md stays true: its first two commands, the verbs and options of its CLI reference against `smartlic
 * --help`, the example playbooks it lists against playbooks/, its playbook and inventory examples against the
 * schemas and validation, and its SDK example run against an emulated device.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { commands } from '../src/cli/commands/index.js';
import { runCli } from '../src/cli/program.js';
import { startLab } from '../src/emulator/lab.js';
import { inventoryFromObject } from '../src/inventory/load.js';
import { createTaskRegistry } from '../src/playbook/builtin-tasks.js';
import { validatePlaybook } from '../src/playbook/prepare.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function codeBlocks(lang: string): string[] {
  return [...README.matchAll(new RegExp('```' + lang + '\\n([\\s\\S]*?)```', 'g'))].map((m) => m[1] as string);
}

async function help(argv: string[]): Promise<string> {
  let out = '';
  const stdout = new PassThrough();
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  await runCli([...argv, '--help'], { stdout, stderr: new PassThrough(), stdin: Readable.from([]), env: {}, cwd: ROOT }, commands);
  return out;
}

/** The rows of the CLI reference table: verb, options cell. */
function referenceRows(): { verb: string; options: string[] }[] {
  const section = README.slice(README.indexOf('## CLI reference'), README.indexOf('| exit code |'));
  return section
    .split('\n')
    .filter((l) => /^\| `[a-z]/.test(l))
    .map((l) => {
      const cells = l.split(/(?<!\\)\|/).map((c) => c.trim());
      return { verb: /^`([a-z-]+)/.exec(cells[1] ?? '')?.[1] ?? '', options: [...(cells[3] ?? '').matchAll(/`(--[a-z-]+|-i)\b/g)].map((m) => m[1] as string) };
    });
}

t.test('the first two commands', async (t) => {
  t.equal(codeBlocks('sh')[0], 'npm ci && npx smartlic demo\nnpm test\n');
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string>; scripts: Record<string, string> };
  t.equal(pkg.bin['smartlic'], 'dist/cli/main.js', 'npx smartlic runs the built bin');
  t.match(pkg.scripts['prepare'], /npm run build/, 'npm ci builds dist/ through prepare');
});

t.test('the CLI reference lists every verb of smartlic --help, with options each verb really has', async (t) => {
  const top = await help([]);
  const verbs = [...top.slice(top.indexOf('Commands:')).matchAll(/^ {2}([a-z-]+)[ [<]/gm)].map((m) => m[1]).filter((v) => v !== 'help');
  const rows = referenceRows();
  t.same(rows.map((r) => r.verb).sort(), [...verbs].sort(), 'the same verbs');
  for (const row of rows) {
    const text = row.verb === 'cssm' ? await help(['cssm', 'token', 'create']) : await help([row.verb]);
    for (const option of row.options) t.ok(text.includes(option), `${row.verb} has ${option}`);
  }
  for (const code of ['0', '1', '2', '3', '130']) t.match(top, new RegExp(`^ {2}${code} +`, 'm'), `exit code ${code} is in --help`);
  t.match(README, /\| 130 \| interrupted/);
});

t.test('the example playbooks listed are the ones shipped', async (t) => {
  const listed = [...README.matchAll(/`([a-z0-9-]+\.json)`/g)].map((m) => m[1]).filter((f) => f !== 'onboard.xml');
  const shipped = readdirSync(join(ROOT, 'playbooks')).filter((f) => f.endsWith('.json'));
  for (const file of shipped) t.ok(listed.includes(file), `${file} is listed`);
});

t.test('the playbook example validates against the inventory example', async (t) => {
  const [playbook, inventory] = codeBlocks('json').map((b) => JSON.parse(b) as Record<string, unknown>);
  const env = { SMARTLIC_TOKEN: 'YjBkOWM5YtItMDFiOS00ZjBmLT11Y2YtODEzMzglYTMzZDVhLTEz-readme', DEVICE_PASSWORD: 'pw-readme-1', CSSM_CLIENT_SECRET: 'cs-readme-1' };
  const dir = t.testdir({ keys: { ncs1004: '-----BEGIN OPENSSH PRIVATE KEY-----\nnot a real key\n-----END OPENSSH PRIVATE KEY-----\n' } });
  const loaded = inventoryFromObject(inventory, join(dir, 'prod.json'), { env: { ...env } });
  t.equal(loaded.resolveHosts().length, 3);
  t.equal(loaded.cssm?.clientSecret.reveal(), 'cs-readme-1');
  const errors = validatePlaybook({ document: playbook, file: 'readme.json', baseDir: ROOT }, { registry: createTaskRegistry(), env, inventory: loaded });
  t.same(errors.map((e) => e.message), []);
});

t.test('the SDK example runs against an emulated cBR-8', async (t) => {
  const lab = await startLab({ devices: 1, platform: 'ios-xe' });
  t.teardown(() => lab.close());
  const host = lab.inventory().hosts['cbr8-1'];
  const sdk = codeBlocks('ts')[0] ?? '';
  const dir = t.testdir();
  const file = join(dir, 'example.ts');
  writeFileSync(file, sdk.replace("from 'smartlic'", `from '${pathToFileURL(join(ROOT, 'src/index.js')).href}'`));
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', file], {
    cwd: ROOT,
    timeout: 120_000,
    env: {
      ...process.env,
      DEVICE_HOST: host?.host,
      DEVICE_PORT: String(host?.port),
      DEVICE_USER: 'admin',
      DEVICE_PASSWORD: 'admin',
      DEVICE_HOST_KEY: host?.hostKey,
      SMARTLIC_TOKEN: lab.cssm.createToken({ description: 'README SDK example' }).token.reveal(),
    },
  });
  t.match(stdout, /^\+ ip name-server 198\.51\.100\.247$/m, 'the configuration change');
  t.match(stdout, /^registered authorized next renewal \d{4}-\d\d-\d\dT[\d:]+Z null Default$/m, 'registered and authorized');
  t.equal(lab.fleet.devices[0]?.commandLog.entries((e) => e.line === 'license smart register idtoken ***').length, 1);
});
