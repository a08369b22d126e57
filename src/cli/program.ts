/**
 * Builds the `smartlic` command tree. Each verb lives in src/cli/commands/<verb>.ts and exports a
 * `CommandRegistrar`; src/cli/commands/index.ts lists them, so adding a verb is one import and one line.
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { isSmartlicError, type ErrorCode } from '../errors.js';
import { ExitCode } from './exit-codes.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM (bin) or by a test; long-running verbs stop and clean up. */
  readonly signal?: AbortSignal;
}

/** Shared by the verbs of one invocation: where to write, and the exit code they decide on. */
export interface CliContext {
  readonly io: CliIo;
  exitCode: number;
}

export type CommandRegistrar = (program: Command, ctx: CliContext) => void;

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

/** Error codes that mean "the input was wrong", so nothing was sent: exit 2. */
const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'E_INVALID_INTENT',
  'E_PLAYBOOK',
  'E_INVENTORY',
  'E_SECRET_MISSING',
  'E_INVALID_ARGUMENT',
  'E_PARSE',
]);

export function exitCodeForError(error: unknown): number {
  if (isSmartlicError(error)) {
    if (error.code === 'E_CANCELLED') return ExitCode.interrupted;
    return BAD_INPUT_CODES.has(error.code) ? ExitCode.badInput : ExitCode.hostFailed;
  }
  return ExitCode.internal;
}

export function buildProgram(ctx: CliContext, registrars: readonly CommandRegistrar[]): Command {
  const { io } = ctx;
  const program = new Command('smartlic')
    .description('Onboard Cisco IOS-XE / IOS-XR devices into Smart Licensing and keep them compliant.')
    .version(packageVersion(), '-V, --version')
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Exit codes:
  0    everything succeeded
  1    one or more hosts failed (see the per-host results)
  2    bad input (usage, playbook, inventory, intent, missing secret); nothing was sent
  3    internal error
  130  interrupted (SIGINT/SIGTERM); sessions were closed`,
    )
    .exitOverride();
  for (const register of registrars) register(program, ctx);
  // Sub-commands inherit output and exit behaviour so that tests can run them in-process.
  for (const sub of program.commands) {
    sub.exitOverride().configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) });
  }
  return program;
}

/** Runs the command line and returns the exit code instead of exiting, so tests can call it in-process. */
export async function runCli(argv: readonly string[], io: CliIo, registrars: readonly CommandRegistrar[]): Promise<number> {
  const ctx: CliContext = { io, exitCode: ExitCode.ok };
  const program = buildProgram(ctx, registrars);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code)) return ExitCode.ok;
      if (error.code === 'commander.executeSubCommandAsync') return ExitCode.internal;
      return ExitCode.badInput;
    }
    const code = exitCodeForError(error);
    const message = error instanceof Error ? error.message : String(error);
    const tag = isSmartlicError(error) ? `${error.code}: ` : 'internal error: ';
    io.stderr.write(`smartlic: ${tag}${message}\n`);
    return code;
  }
}
