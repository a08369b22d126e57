/** Runs the `smartlic` command line in-process with captured stdout / stderr (no process exit, no real TTY). */
import { Readable, Writable } from 'node:stream';
import { runCli, type CliIo, type CommandRegistrar } from '../../src/cli/program.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function textSink(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return {
    stream: new Writable({
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        cb();
      },
    }),
    text: () => chunks.join(''),
  };
}

export async function runSmartlic(argv: readonly string[], verbs: readonly CommandRegistrar[], options: { env?: NodeJS.ProcessEnv; cwd: string }): Promise<CliRun> {
  const out = textSink();
  const err = textSink();
  const io: CliIo = { stdout: out.stream, stderr: err.stream, stdin: Readable.from([]), env: options.env ?? {}, cwd: options.cwd };
  const code = await runCli([...argv], io, verbs);
  return { code, stdout: out.text(), stderr: err.text() };
}
