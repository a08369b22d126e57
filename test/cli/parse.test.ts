import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { registerParse } from '../../src/cli/commands/parse.js';
import { runCli, type CliIo } from '../../src/cli/program.js';

const SEEDS = fileURLToPath(new URL('../parsers/fixtures/seeds/', import.meta.url));

async function run(argv: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (c: Buffer) => (out += c.toString()));
  stderr.on('data', (c: Buffer) => (err += c.toString()));
  const io: CliIo = { stdout, stderr, stdin: Readable.from([stdin]), env: {}, cwd: SEEDS };
  const code = await runCli(argv, io, [registerParse]);
  return { code, stdout: out, stderr: err };
}

t.test('a file → typed JSON with the raw strings', async (t) => {
  const r = await run(['parse', 'show license status', '--platform', 'ios-xr', '001-ncs560/show-license-status.967-1003.txt']);
  t.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout) as Record<string, any>;
  t.equal(json['kind'], 'license-status');
  t.equal(json['platform'], 'ios-xr');
  t.equal(json['registration'].status, 'registered');
  t.equal(json['registration'].statusRaw, 'REGISTERED');
  t.equal(json['authorization'].since.iso, '2020-07-01T07:14:38Z');
  t.equal(json['authorization'].since.raw, 'Jul 01 2020 07:14:38 UTC');
  t.same(json['unparsed'], []);
});

t.test('stdin, "-" and abbreviations', async (t) => {
  const text = 'UDI: PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT\n';
  for (const argv of [['parse', 'sh lic udi'], ['parse', 'sh lic udi', '-']]) {
    const r = await run([...argv, '--compact'], text);
    t.equal(r.code, 0, r.stderr);
    t.equal(r.stdout.trim().split('\n').length, 1, 'compact JSON on one line');
    t.equal(JSON.parse(r.stdout).udi.pid, 'CBR-8-CCAP-CHASS');
  }
});

t.test('ParseError → exit 2 with a clear message', async (t) => {
  const r = await run(['parse', 'show license status'], "show license statu\n  ^\n% Invalid input detected at '^' marker.\n");
  t.equal(r.code, 2);
  t.equal(r.stdout, '');
  t.match(r.stderr, /^smartlic: E_PARSE: cannot parse "show license status" output: the device rejected the command: % Invalid input detected/);
  const other = await run(['parse', 'show license udi', '000-cbr8/show-license-all.545-603.txt']);
  t.equal(other.code, 2);
  t.match(other.stderr, /another command \("show license all"\)/);
  const ambiguous = await run(['parse', 'sh lic s'], 'x');
  t.equal(ambiguous.code, 2);
  t.match(ambiguous.stderr, /ambiguous command/);
});

t.test('bad arguments → exit 2', async (t) => {
  const platform = await run(['parse', 'show license status', '--platform', 'junos', '-'], 'x');
  t.equal(platform.code, 2);
  t.match(platform.stderr, /E_INVALID_ARGUMENT: invalid --platform: must be one of ios-xe, ios-xr, asa, nx-os/);
  const missing = await run(['parse', 'show license status', 'no-such-file.txt']);
  t.equal(missing.code, 2);
  t.match(missing.stderr, /invalid FILE: cannot read "no-such-file.txt"/);
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-parse-'));
  writeFileSync(join(dir, 'log.txt'), 'RP/0/RP0/CPU0:May 27 09:54:57.783 UTC: smartlicserver[311]: %LICENSE-SMART_LIC-3-COMM_FAILED : Communications failure\n');
  const year = await run(['parse', 'show logging', '--year', '2021', join(dir, 'log.txt')]);
  t.equal(year.code, 0, year.stderr);
  t.equal(JSON.parse(year.stdout).messages[0].timestamp.iso, '2021-05-27T09:54:57.783Z');
});

t.test('--help describes the verb', async (t) => {
  const r = await run(['parse', '--help']);
  t.equal(r.code, 0);
  t.match(r.stdout, /parse \[options\] <command> \[file\]/);
  t.match(r.stdout, /--platform <platform>/);
});
