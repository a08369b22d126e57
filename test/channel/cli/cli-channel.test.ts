import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { CliChannel } from '../../../src/channel/cli/cli-channel.js';
import { normalizeTerminalText } from '../../../src/channel/cli/command-output.js';
import { OutputBuffer, TAIL_SIZE } from '../../../src/channel/cli/output-buffer.js';
import { ScriptedStream, type TranscriptStep } from '../../../src/channel/cli/scripted-stream.js';
import type { Logger } from '../../../src/log.js';
import { iosXe } from '../../../src/platforms/index.js';
import { Secret } from '../../../src/secret.js';

const OPEN_XE: TranscriptStep[] = [
  { device: '\r\nRouter#' },
  { client: 'terminal length 0\n', device: 'terminal length 0\r\nRouter#' },
  { client: 'terminal width 511\n', device: 'terminal width 511\r\nRouter#' },
];

function recordingLogger(): { logger: Logger; text: () => string } {
  const lines: string[] = [];
  const make = (): Logger => {
    const log = (obj: unknown, msg?: string): void => {
      lines.push(JSON.stringify(obj) + (msg ?? ''));
    };
    return { debug: log, info: log, warn: log, error: log, child: () => make() } as Logger;
  };
  return { logger: make(), text: () => lines.join('\n') };
}

t.test('OutputBuffer keeps a bounded tail and joins once', async (t) => {
  const buffer = new OutputBuffer();
  const chunk = 'x'.repeat(1000) + '\r\n';
  for (let i = 0; i < 5000; i++) {
    buffer.append(chunk);
    if (buffer.tail.length > 2 * TAIL_SIZE) t.fail(`tail grew to ${buffer.tail.length}`);
  }
  t.equal(buffer.length, 5000 * chunk.length);
  t.equal(buffer.text().length, buffer.length);
  t.equal(buffer.tailStart + buffer.tail.length, buffer.length);
  buffer.append('Router#');
  t.same(buffer.lastLine(), { text: 'Router#', start: buffer.length - 7, afterBreak: true });
  const long = new OutputBuffer();
  long.append('y'.repeat(3 * TAIL_SIZE));
  t.equal(long.lastLine().text, null, 'a last line longer than the window is never a prompt');
});

t.test('a large output in many chunks', async (t) => {
  const lines = Array.from({ length: 60_000 }, (_, i) => ` ip route 10.${(i >> 8) & 255}.${i & 255}.0 255.255.255.0 Null0 tag ${i}`);
  const body = lines.join('\r\n');
  const reply = `show running-config\r\n${body}\r\nRouter#`;
  const chunks: string[] = [];
  for (let i = 0; i < reply.length; i += 16_384) chunks.push(reply.slice(i, i + 16_384));
  const stream = new ScriptedStream([...OPEN_XE, { client: 'show running-config\n', device: chunks }]);
  const channel = await CliChannel.open(stream, { dialect: iosXe });
  const result = await channel.send('show running-config');
  t.equal(result.output, lines.join('\n'));
  t.equal(result.raw, reply);
  await channel.close();
});

t.test('a prompt-looking echo does not end the read', async (t) => {
  const stream = new ScriptedStream([...OPEN_XE, { client: 'banner#\n', device: ['banner#', '\r\n% Incomplete command.\r\n\r\nRouter#'] }]);
  const channel = await CliChannel.open(stream, { dialect: iosXe });
  const result = await channel.send('banner#', { checkErrors: false });
  t.equal(result.output, '% Incomplete command.');
  await channel.close();
});

t.test('concurrent sends run one at a time, in call order', async (t) => {
  const stream = new ScriptedStream([
    ...OPEN_XE,
    { client: 'show clock\n', device: 'show clock\r\n*10:00\r\nRouter#' },
    { client: 'show privilege\n', device: 'show privilege\r\nCurrent privilege level is 15\r\nRouter#' },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXe });
  const [a, b] = await Promise.all([channel.send('show clock'), channel.send('show privilege')]);
  t.equal(a.output, '*10:00');
  t.equal(b.output, 'Current privilege level is 15');
  t.equal(stream.mismatch, null);
  await channel.close();
});

t.test('output arriving between commands is dropped, not mixed into the next command', async (t) => {
  const stream = new ScriptedStream([
    ...OPEN_XE,
    { client: 'show clock\n', device: 'show clock\r\n*10:00\r\nRouter#' },
    { device: '\r\n*Jul  2 10:00:01: %SYS-5-CONFIG_I: Configured from console by admin on vty0\r\nRouter#' },
    { client: 'show privilege\n', device: 'show privilege\r\nCurrent privilege level is 15\r\nRouter#' },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXe });
  await channel.send('show clock');
  await new Promise((r) => setTimeout(r, 20));
  const result = await channel.send('show privilege');
  t.equal(result.output, 'Current privilege level is 15');
  await channel.close();
});

t.test('redacted writes and secret answers never reach logs, results or errors', async (t) => {
  const secret = 'Sup3r-S3cret-9931';
  const answer = new Secret('Ans-W3r-5521');
  const { logger, text } = recordingLogger();
  const stream = new ScriptedStream([
    ...OPEN_XE,
    { client: `username admin secret ${secret}\n`, device: `username admin secret ${secret}\r\n% Invalid input detected at '^' marker.\r\nRouter#` },
    { client: 'copy scp: bootflash:\n', device: 'copy scp: bootflash:\r\nPassword: ' },
    { client: 'Ans-W3r-5521\n', device: '\r\n%Error: permission denied\r\nRouter#' },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXe, logger, host: 'r1' });
  const err = await channel.send(`username admin secret ${secret}`, { redact: true }).catch((e: unknown) => e);
  t.match(err, { code: 'E_CLI_INVALID_INPUT', command: '***' });
  t.notMatch(JSON.stringify(err), secret);
  t.notMatch((err as Error).message, secret);
  const err2 = await channel
    .send('copy scp: bootflash:', { expect: [{ prompt: /Password: ?$/, answer }] })
    .catch((e: unknown) => e);
  t.match(err2, { code: 'E_DEVICE_COMMAND' });
  t.notMatch(JSON.stringify(err2), 'Ans-W3r-5521');
  t.notMatch(text(), secret, 'no redacted command in the logs');
  t.notMatch(text(), 'Ans-W3r-5521', 'no secret answer in the logs');
  t.match(text(), '***');
  await channel.close();
});

t.test('bad input is refused before anything is sent', async (t) => {
  const stream = new ScriptedStream([...OPEN_XE]);
  const channel = await CliChannel.open(stream, { dialect: iosXe });
  await t.rejects(channel.send('show version\nreload'), { code: 'E_INVALID_ARGUMENT' });
  await t.rejects(channel.send('show ?'), { code: 'E_INVALID_ARGUMENT' });
  await t.rejects(channel.send('show x', { expect: [{ prompt: 'x', answer: 'a\x03' }] }), { code: 'E_INVALID_ARGUMENT' });
  await t.rejects(channel.sendConfig(['call-home', 'ip host x\n1.1.1.1']), { code: 'E_INVALID_ARGUMENT' });
  await t.rejects(channel.sendConfig([' ']), { code: 'E_INVALID_ARGUMENT' });
  t.equal(stream.written, 'terminal length 0\nterminal width 511\n', 'nothing else was written');
  await channel.close();
});

t.test('open fails cleanly', async (t) => {
  // A device that never prints anything, even after the channel's newlines.
  const silent = new ScriptedStream([{ client: '\n' }, { client: '\n' }, { client: '\n' }]);
  await t.rejects(CliChannel.open(silent, { dialect: iosXe, openTimeoutMs: 200, promptNudgeMs: 50 }), { code: 'E_TIMEOUT' });
  t.ok(silent.closed, 'the stream is closed after a failed open');

  const unknown = new ScriptedStream([
    { device: '\r\nswitch#' },
    { client: 'show version\n', device: 'show version\r\nCisco Nexus Operating System (NX-OS) Software\r\nswitch#' },
  ]);
  await t.rejects(CliChannel.open(unknown, { host: 'nx1' }), { code: 'E_PLATFORM', host: 'nx1', message: /cannot tell the platform/ });
});

t.test('corpus outputs come back line for line', async (t) => {
  const corpusDir = '/work/shared/corpus';
  const cases = JSON.parse(readFileSync(join(corpusDir, 'cases.json'), 'utf8')) as Array<{
    file: string;
    platform: string;
    command: string;
    traits?: string[];
  }>;
  const usable = cases.filter((c) => c.platform === 'iosxe' && !(c.traits ?? []).some((x) => x === 'command-echo' || x === 'prompt'));
  t.ok(usable.length > 10, `${usable.length} corpus outputs`);
  for (const c of usable) {
    const text = readFileSync(join(corpusDir, c.file), 'utf8');
    const device = `${c.command}\r\n${text.replace(/\r?\n/g, '\r\n')}${text.endsWith('\n') ? '' : '\r\n'}Router#`;
    const stream = new ScriptedStream([...OPEN_XE, { client: `${c.command}\n`, device }]);
    const channel = await CliChannel.open(stream, { dialect: iosXe });
    const result = await channel.send(c.command, { checkErrors: false });
    const expected = normalizeTerminalText(text).replace(/^(?:[ \t]*\n)+/, '').replace(/\s+$/, '');
    t.equal(result.output, expected, c.file);
    await channel.close();
  }
});
