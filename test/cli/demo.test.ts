/**
 * `smartlic demo`: in-process (plain output, --json, --keep-running with `smartlic status` against the lab it leaves
 * up) and once as a separate process through the bin's entry point, the way `npx smartlic demo` runs it.
 */
import t from 'tap';
import { execFile } from 'node:child_process';
import { statSync } from 'node:fs';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { commands } from '../../src/cli/commands/index.js';
import { runCli, type CliIo } from '../../src/cli/program.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Cli {
  readonly done: Promise<number>;
  stdout(): string;
  stderr(): string;
}

function start(argv: string[], options: { signal?: AbortSignal; cwd?: string } = {}): Cli {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (b: Buffer) => (out += b.toString()));
  stderr.on('data', (b: Buffer) => (err += b.toString()));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([]), env: { NO_COLOR: '1' }, cwd: options.cwd ?? ROOT, ...(options.signal === undefined ? {} : { signal: options.signal }) };
  return { done: runCli(argv, io, commands), stdout: () => out, stderr: () => err };
}

const ROW = /^(cbr8|ncs560|ncs1004)-\d +(cBR-8|NCS-560|NCS-1004) +REGISTERED +AUTHORIZED +\d{4}-\d\d-\d\dT[\d:]+Z +\d{4}-\d\d-\d\dT[\d:]+Z +.*Default$/;

t.test('demo: a mixed fleet onboarded with playbooks/onboard.json, the state table, exit 0', async (t) => {
  const cli = start(['demo', '--devices', '3']);
  const code = await cli.done;
  const out = cli.stdout();
  t.equal(code, 0, cli.stderr());
  t.match(out, /^smartlic demo: 3 emulated device\(s\) \(1 cBR-8, 1 NCS-560, 1 NCS-1004\) and the CSSM emulator at http:\/\/127\.0\.0\.1:\d+$/m);
  t.match(out, /^CSSM: ID token created through the CSSM API in Forty-Two uLtd\. \/ Default, 3 use\(s\), expires /m);
  t.match(out, /^PLAY Onboard into Smart Licensing \(direct to CSSM\) \(playbooks\/onboard\.json\): 3 host\(s\), 3 task\(s\)$/m);
  t.match(out, /^cbr8-1 {2}\[1\/3\] onboard {2}… register: registration registered$/m, 'workflow steps show as progress');
  t.match(out, /^HOST +MODEL +REGISTRATION +AUTHORIZATION +NEXT RENEWAL +COMM DEADLINE +ACCOUNT$/m);
  const rows = out.split('\n').filter((l) => ROW.test(l));
  t.equal(rows.length, 3, 'one registered and authorized row per device');
  t.match(out, /^3 of 3 device\(s\) registered and authorized in [\d.]+m?s\.$/m);
  t.notMatch(out, /idtoken (?!\*\*\*)/, 'the token never prints');
});

t.test('demo --json: NDJSON events, then the devices; --devices is checked', async (t) => {
  const cli = start(['demo', '--devices', '2', '--json']);
  t.equal(await cli.done, 0, cli.stderr());
  const events = cli
    .stdout()
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { kind: string; ok?: boolean; devices?: Array<Record<string, unknown>> });
  t.equal(events[0]?.kind, 'run-started');
  t.ok(events.some((e) => e.kind === 'progress'));
  const last = events.at(-1);
  t.match(last, { kind: 'demo-finished', ok: true, inventoryFile: null });
  t.match(last?.devices, [
    { host: 'cbr8-1', model: 'cBR-8', registration: 'registered', authorization: 'authorized' },
    { host: 'ncs560-1', model: 'NCS-560', registration: 'registered', authorization: 'authorized', smartAccount: 'Forty-Two uLtd.', virtualAccount: 'Default' },
  ]);

  for (const bad of ['0', '101', 'six']) {
    const refused = start(['demo', '--devices', bad]);
    t.equal(await refused.done, 2, `--devices ${bad}`);
    t.match(refused.stderr(), /E_INVALID_ARGUMENT: .*--devices/);
  }
});

t.test('demo --keep-running: the lab stays up for smartlic status until interrupted', async (t) => {
  const dir = t.testdir();
  const stop = new AbortController();
  const demo = start(['demo', '--devices', '1', '--keep-running', '--inventory-out', 'lab.json'], { signal: stop.signal, cwd: dir });
  for (let i = 0; i < 600 && !demo.stdout().includes('Ctrl-C stops it.'); i++) await new Promise((r) => setTimeout(r, 50));
  t.match(demo.stdout(), /The lab keeps running\. Inventory: .*lab\.json/);
  t.equal(statSync(`${dir}/lab.json`).mode & 0o777, 0o600, 'the inventory holds credentials: 0600');
  const status = start(['status', '-i', 'lab.json'], { cwd: dir });
  t.equal(await status.done, 0, status.stderr());
  t.match(status.stdout(), /^cbr8-1 +cBR-8 +REGISTERED +AUTHORIZED /m);
  stop.abort(new Error('SIGINT'));
  t.equal(await demo.done, 0);
  t.match(demo.stdout(), /stopped\n$/);
});

t.test('the bin entry point runs the demo as its own process', async (t) => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'demo', '--devices', '2'], {
    cwd: ROOT,
    timeout: 120_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  t.match(stdout, /^2 of 2 device\(s\) registered and authorized in /m);
  t.equal(stdout.split('\n').filter((l) => ROW.test(l)).length, 2);
});
