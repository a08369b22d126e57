/**
 * Golden transcript harness (scrapligo `file.go` style). A fixture (YAML, test/channel/fixtures/cli/<name>.yaml)
 * holds the device side of a session (`transcript`: what the client must type, what the device answers) and the
 * API calls to make (`actions`). Running it yields an `Outcome` (every result and error, the final prompt), which
 * is compared with `<name>.golden.json`; `UPDATE_GOLDEN=1` rewrites the golden files.
 */
import { readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { CliChannel, type CliChannelOptions } from '../../../../src/channel/cli/cli-channel.js';
import { ScriptedStream, type TranscriptStep } from '../../../../src/channel/cli/scripted-stream.js';
import type { ConfigLine, ConfigOptions, ExpectAnswer, SendOptions } from '../../../../src/channel/cli/types.js';
import { isSmartlicError } from '../../../../src/errors.js';
import { getDialect, type PlatformId } from '../../../../src/platforms/index.js';
import { Secret } from '../../../../src/secret.js';

export const FIXTURE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'cli');

type YamlPattern = string | { readonly regex: string; readonly flags?: string };
interface YamlExpect {
  readonly prompt: YamlPattern;
  readonly answer: string;
  readonly secret?: boolean;
  readonly newline?: boolean;
  readonly redact?: boolean;
  readonly times?: number;
}
type YamlSend = string | { readonly command: string; readonly timeoutMs?: number; readonly expect?: YamlExpect[]; readonly redact?: boolean; readonly checkErrors?: boolean };
type YamlLine = string | { readonly line: string; readonly expect?: YamlExpect[]; readonly redact?: boolean; readonly timeoutMs?: number };
type Action =
  | { readonly send: YamlSend }
  | { readonly sendConfig: { readonly lines: YamlLine[]; readonly options?: ConfigOptions } }
  | { readonly confirmCommit: Record<string, never> | null };

export interface Fixture {
  readonly name: string;
  readonly description: string;
  readonly platform?: PlatformId;
  readonly channel?: Pick<CliChannelOptions, 'commandTimeoutMs' | 'openTimeoutMs' | 'promptNudgeMs' | 'onOpen'> & { readonly enablePassword?: string };
  readonly actions: Action[];
  readonly transcript: TranscriptStep[];
  /** Replay with replies split at every byte boundary too (off for fixtures that wait for a timeout). Default true. */
  readonly splitReplay?: boolean;
}

export interface Outcome {
  readonly open: unknown;
  readonly actions: unknown[];
  readonly final: unknown;
}

function toPattern(p: YamlPattern): RegExp | string {
  return typeof p === 'string' ? p : new RegExp(p.regex, p.flags ?? '');
}

function toExpect(list: YamlExpect[] | undefined): ExpectAnswer[] | undefined {
  return list?.map((e) => ({
    prompt: toPattern(e.prompt),
    answer: e.secret ? new Secret(e.answer) : e.answer,
    ...(e.newline === undefined ? {} : { newline: e.newline }),
    ...(e.redact === undefined ? {} : { redact: e.redact }),
    ...(e.times === undefined ? {} : { times: e.times }),
  }));
}

function toSend(send: YamlSend): [string, SendOptions] {
  if (typeof send === 'string') return [send, {}];
  const expect = toExpect(send.expect);
  return [
    send.command,
    {
      ...(send.timeoutMs === undefined ? {} : { timeoutMs: send.timeoutMs }),
      ...(expect === undefined ? {} : { expect }),
      ...(send.redact === undefined ? {} : { redact: send.redact }),
      ...(send.checkErrors === undefined ? {} : { checkErrors: send.checkErrors }),
    },
  ];
}

function toLine(line: YamlLine): ConfigLine {
  if (typeof line === 'string') return line;
  const expect = toExpect(line.expect);
  return {
    line: line.line,
    ...(expect === undefined ? {} : { expect }),
    ...(line.redact === undefined ? {} : { redact: line.redact }),
    ...(line.timeoutMs === undefined ? {} : { timeoutMs: line.timeoutMs }),
  };
}

function describeError(error: unknown): unknown {
  if (isSmartlicError(error)) {
    const json = error.toJSON();
    delete json['cause'];
    return json;
  }
  return { name: (error as Error).name, message: (error as Error).message };
}

export function loadFixtures(): Fixture[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), ...(parseYaml(readFileSync(join(FIXTURE_DIR, f), 'utf8')) as Omit<Fixture, 'name'>) }));
}

export async function runFixture(
  fixture: Fixture,
  split?: (reply: Buffer, step: number) => readonly Buffer[],
): Promise<{ outcome: Outcome; stream: ScriptedStream }> {
  const stream = new ScriptedStream(fixture.transcript, { host: 'dev1', ...(split === undefined ? {} : { split }) });
  const options: CliChannelOptions = {
    host: 'dev1',
    now: () => 0,
    commandTimeoutMs: 2_000,
    openTimeoutMs: 2_000,
    promptNudgeMs: 1_000,
    ...(fixture.platform === undefined ? {} : { dialect: getDialect(fixture.platform) }),
    ...fixture.channel,
  };
  let channel: CliChannel;
  try {
    channel = await CliChannel.open(stream, options);
  } catch (error) {
    return { outcome: { open: { ok: false, error: describeError(error) }, actions: [], final: null }, stream };
  }
  const actions: unknown[] = [];
  for (const action of fixture.actions) {
    try {
      if ('send' in action) {
        const [command, opts] = toSend(action.send);
        actions.push({ send: command, ok: true, result: await channel.send(command, opts) });
      } else if ('sendConfig' in action) {
        const result = await channel.sendConfig(action.sendConfig.lines.map(toLine), action.sendConfig.options ?? {});
        actions.push({ sendConfig: action.sendConfig.lines.length, ok: true, result });
      } else {
        actions.push({ confirmCommit: true, ok: true, result: await channel.confirmCommit() });
      }
    } catch (error) {
      actions.push({ action: Object.keys(action)[0], ok: false, error: describeError(error) });
    }
  }
  const final = { platform: channel.platform, hostname: channel.hostname, prompt: channel.prompt, mode: channel.mode };
  await channel.close();
  return { outcome: { open: { ok: true, platform: channel.platform }, actions, final }, stream };
}

/** Compares with the golden file, or rewrites it when UPDATE_GOLDEN=1. */
export function golden(name: string, outcome: Outcome): { expected: unknown; actual: unknown; updated: boolean } {
  const file = join(FIXTURE_DIR, `${name}.golden.json`);
  const actual = JSON.parse(JSON.stringify(outcome)) as unknown;
  if (process.env['UPDATE_GOLDEN'] === '1' || !existsSync(file)) {
    if (process.env['UPDATE_GOLDEN'] !== '1') {
      throw new Error(`${file} is missing; run with UPDATE_GOLDEN=1 to create it, then review the diff`);
    }
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return { expected: actual, actual, updated: true };
  }
  return { expected: JSON.parse(readFileSync(file, 'utf8')) as unknown, actual, updated: false };
}
