/**
 * The session setup commands go out in one write and the channel waits for the prompt after the last one's echo:
 * one round trip instead of one per command, with every answer still checked and the prompt still exact.
 */
import t from 'tap';
import { CliChannel } from '../../../src/channel/cli/cli-channel.js';
import { findEchoAtPrompt } from '../../../src/channel/cli/echo-at-prompt.js';
import { ScriptedStream } from '../../../src/channel/cli/scripted-stream.js';
import type { Logger } from '../../../src/log.js';
import { iosXe, iosXr } from '../../../src/platforms/index.js';

function recordingLogger(): { logger: Logger; warnings: () => string[] } {
  const warnings: string[] = [];
  const make = (): Logger => {
    const log = (): void => undefined;
    const warn = (obj: unknown, msg?: string): void => {
      warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`);
    };
    return { debug: log, info: log, warn, error: log, child: () => make() } as Logger;
  };
  return { logger: make(), warnings: () => warnings };
}

t.test('findEchoAtPrompt: only an echo that follows a prompt on its line', async (t) => {
  const re = iosXe.promptAtEnd;
  const text = 'terminal length 0\r\nRouter#terminal width 511\r\nRouter#';
  t.equal(findEchoAtPrompt(text, 'terminal width 511', re), text.indexOf('terminal width 511'));
  t.equal(findEchoAtPrompt(text, 'terminal length 0', re), -1, 'the first echo has no prompt before it in the text');
  t.equal(findEchoAtPrompt('terminal width 511\r\nRouter#', 'terminal width 511', re), -1, 'an echo at the start of a line');
  t.equal(findEchoAtPrompt('x\r\nsome text terminal width 511\r\n', 'terminal width 511', re), -1, 'not after a prompt');
  t.equal(findEchoAtPrompt('x\r\nRouter# terminal width 511', 'terminal width 511', re), 11, 'a prompt followed by a space');
  t.equal(findEchoAtPrompt('x\nRouter(config)#end', 'end', re), 17, 'config-mode prompt');
  t.equal(findEchoAtPrompt('\nRP/0/RP0/CPU0:ios#terminal width 0', 'terminal width 0', iosXr.promptAtEnd), 19);
  t.equal(findEchoAtPrompt('Router#terminal width 511', 'terminal width 511', re, 0, false), -1, 'a window that may start mid-line');
  t.equal(findEchoAtPrompt('\nRouter#terminal width 511', 'terminal width 511', re, 0, false), 8);
  t.equal(findEchoAtPrompt('\nRouter#a\nRouter#a', 'a', re, 9), 17, 'from');
  t.equal(findEchoAtPrompt('\nRouter#', '', re), -1);
});

t.test('both setup commands in one write; the device answers them in one read', async (t) => {
  // A sequential client would write only the first line and wait: this step would never answer it.
  const stream = new ScriptedStream([
    { device: '\r\nRouter#' },
    { client: 'terminal length 0\nterminal width 511\n', device: 'terminal length 0\r\nRouter#terminal width 511\r\nRouter#' },
    { client: 'show clock\n', device: 'show clock\r\n*10:00:00.000 UTC Mon Mar 1 2021\r\nRouter#' },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXe, openTimeoutMs: 2000 });
  t.equal(channel.prompt, 'Router#');
  const result = await channel.send('show clock');
  t.equal(result.output, '*10:00:00.000 UTC Mon Mar 1 2021', 'the next command gets its own output only');
  t.equal(stream.mismatch, null);
  t.equal(stream.remaining, 0);
  await channel.close();
});

t.test('the intermediate prompt does not end the read, however the answer is cut', async (t) => {
  const reply = 'terminal length 0\r\nRouter#terminal width 511\r\nRouter#';
  const splits: Array<[string, (b: Buffer, step: number) => Buffer[]]> = [
    ['at the intermediate prompt', (b, step) => (step === 1 ? [b.subarray(0, 26), b.subarray(26)] : [b])],
    ['inside the echo', (b, step) => (step === 1 ? [b.subarray(0, 30), b.subarray(30)] : [b])],
    ['byte by byte', (b) => [...b].map((x) => Buffer.from([x]))],
  ];
  for (const [name, split] of splits) {
    const stream = new ScriptedStream(
      [
        { device: '\r\nRouter#' },
        { client: 'terminal length 0\nterminal width 511\n', device: reply },
        { client: 'show clock\n', device: 'show clock\r\n*10:00:00.000 UTC Mon Mar 1 2021\r\nRouter#' },
      ],
      { split },
    );
    const channel = await CliChannel.open(stream, { dialect: iosXe, openTimeoutMs: 2000 });
    t.equal((await channel.send('show clock')).output, '*10:00:00.000 UTC Mon Mar 1 2021', name);
    await channel.close();
  }
});

t.test('answers in separate reads (one per line typed), IOS-XR timestamps', async (t) => {
  const stream = new ScriptedStream([
    { device: '\r\nRP/0/RP0/CPU0:ios#' },
    { client: 'terminal length 0\n', device: 'terminal length 0\r\nTue Jul  2 13:13:37.100 UTC\r\nRP/0/RP0/CPU0:ios#' },
    { client: 'terminal width 0\n', device: 'terminal width 0\r\nTue Jul  2 13:13:37.187 UTC\r\nRP/0/RP0/CPU0:ios#' },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXr, openTimeoutMs: 2000 });
  t.equal(channel.prompt, 'RP/0/RP0/CPU0:ios#');
  t.equal(stream.written, 'terminal length 0\nterminal width 0\n');
  await channel.close();
});

t.test('a refused setup command is still named in the warning', async (t) => {
  const { logger, warnings } = recordingLogger();
  const stream = new ScriptedStream([
    { device: '\r\nRouter#' },
    {
      client: 'terminal length 0\nterminal width 511\nterminal monitor\n',
      device:
        "terminal length 0\r\nRouter#terminal width 511\r\n                   ^\r\n% Invalid input detected at '^' marker.\r\n\r\nRouter#terminal monitor\r\nRouter#",
    },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXe, logger, onOpen: ['terminal length 0', 'terminal width 511', 'terminal monitor'] });
  t.equal(warnings().length, 1);
  t.match(warnings()[0], /session setup command refused by the device .*"command":"terminal width 511".*Invalid input detected/);
  await channel.close();
});

t.test('pipelineOnOpen: false sends them one at a time', async (t) => {
  const stream = new ScriptedStream([
    { device: '\r\nRouter#' },
    { client: 'terminal length 0\n', device: 'terminal length 0\r\nRouter#' },
    { client: 'terminal width 511\n', device: 'terminal width 511\r\nRouter#' },
  ]);
  const channel = await CliChannel.open(stream, { dialect: iosXe, pipelineOnOpen: false });
  t.equal(stream.remaining, 0);
  await channel.close();
  // The one-step device of the first test answers only once both lines are in: sequential sending times out there.
  const oneStep = new ScriptedStream([
    { device: '\r\nRouter#' },
    { client: 'terminal length 0\nterminal width 511\n', device: 'terminal length 0\r\nRouter#terminal width 511\r\nRouter#' },
  ]);
  await t.rejects(CliChannel.open(oneStep, { dialect: iosXe, pipelineOnOpen: false, openTimeoutMs: 300 }), { code: 'E_TIMEOUT' });
});

t.test('a setup command with a newline is refused before anything is written', async (t) => {
  const stream = new ScriptedStream([{ device: '\r\nRouter#' }]);
  await t.rejects(CliChannel.open(stream, { dialect: iosXe, onOpen: ['terminal length 0', 'terminal width 511\nreload'] }), { code: 'E_INVALID_ARGUMENT' });
  t.equal(stream.written, '');
});
