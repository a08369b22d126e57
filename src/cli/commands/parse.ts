/**
 * `smartlic parse "<show command>" [--platform ios-xe|ios-xr] [FILE|-]`: a captured show output → the typed JSON
 * the parsers produce (typed fields and the raw strings as printed). Reads FILE, or stdin for `-` or no FILE.
 * An output that is not that command's output is a `ParseError` → exit 2.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError } from '../../errors.js';
import { parse } from '../../parsers/parse.js';
import type { ParseOptions } from '../../parsers/options.js';
import type { ParsePlatform } from '../../parsers/types.js';
import type { CliContext, CommandRegistrar } from '../program.js';

const PLATFORMS: readonly ParsePlatform[] = ['ios-xe', 'ios-xr', 'asa', 'nx-os'];

interface ParseCliOptions {
  readonly platform?: string;
  readonly year?: string;
  readonly compact?: boolean;
}

async function readInput(ctx: CliContext, file: string | undefined): Promise<string> {
  if (file === undefined || file === '-') {
    const chunks: Buffer[] = [];
    for await (const chunk of ctx.io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    return Buffer.concat(chunks).toString('utf8');
  }
  try {
    return await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (error) {
    throw new InvalidArgumentError('FILE', `cannot read "${file}": ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function options(opts: ParseCliOptions): ParseOptions {
  const out: { -readonly [K in keyof ParseOptions]: ParseOptions[K] } = {};
  if (opts.platform !== undefined) {
    if (!(PLATFORMS as readonly string[]).includes(opts.platform)) {
      throw new InvalidArgumentError('--platform', `must be one of ${PLATFORMS.join(', ')}, got "${opts.platform}"`);
    }
    out.platform = opts.platform as ParsePlatform;
  }
  if (opts.year !== undefined) {
    if (!/^\d{4}$/.test(opts.year)) throw new InvalidArgumentError('--year', `must be a four-digit year, got "${opts.year}"`);
    out.year = Number(opts.year);
  }
  return out;
}

export const registerParse: CommandRegistrar = (program, ctx) => {
  program
    .command('parse')
    .description('parse a captured show output into typed JSON (typed fields and the raw strings as printed)')
    .argument('<command>', 'the show command the output answers, e.g. "show license status" (abbreviations like "sh lic sta" work)')
    .argument('[file]', 'file holding the output; "-" or nothing reads stdin')
    .option('--platform <platform>', `where the output came from: ${PLATFORMS.join(', ')}`)
    .option('--year <yyyy>', 'year for timestamps printed without one (IOS-XR exec timestamp, syslog)')
    .option('--compact', 'print the JSON on one line')
    .addHelpText(
      'after',
      `
Exit codes: 0 parsed; 2 the output is not that command's output (E_PARSE), the command has no parser, or bad
arguments. Example:
  smartlic parse "show license status" --platform ios-xr status.txt`,
    )
    .action(async (command: string, file: string | undefined, opts: ParseCliOptions) => {
      const parseOptions = options(opts);
      const text = await readInput(ctx, file);
      const result = parse(command, text, parseOptions);
      ctx.io.stdout.write(`${JSON.stringify(result, null, opts.compact === true ? undefined : 2)}\n`);
    });
};
