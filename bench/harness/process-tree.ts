/**
 * Runs a contender as a process tree and measures all of it (process_tree_usage.py under /usr/bin/python3): wall
 * time, CPU of every process of the tree — daemons included, such as Ansible's per-host ansible-connection — and
 * the peak RSS of its largest process. Output goes to a file, so a chatty contender cannot block on a pipe.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SYSTEM_PYTHON } from './machine.js';

const RUNNER = fileURLToPath(new URL('./process_tree_usage.py', import.meta.url));

export interface TreeRun {
  readonly code: number;
  readonly wallMs: number;
  /** User + system CPU of every process of the tree, ms. */
  readonly cpuMs: number;
  /** Peak RSS of the largest single process of the tree, KiB. */
  readonly maxRssKiB: number;
  /** Processes still running after the command exited that had to be terminated. */
  readonly terminatedAfterExit: number;
}

export interface TreeRunOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** stdout and stderr of the command go there. */
  readonly outputFile: string;
  /** SIGKILL to the runner after this long (default 1 h). */
  readonly timeoutMs?: number;
}

/** Runs `command args…` and resolves once its whole tree has ended; rejects when the runner itself fails. */
export async function runProcessTree(command: string, args: readonly string[], options: TreeRunOptions): Promise<TreeRun> {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-tree-'));
  const reportFile = join(dir, 'usage.json');
  const out = openSync(options.outputFile, 'w');
  try {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(SYSTEM_PYTHON, [RUNNER, reportFile, command, ...args], { cwd: options.cwd, env: options.env, stdio: ['ignore', out, out] });
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 3_600_000);
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    let report: { code: number; wallMs: number; userMs: number; systemMs: number; maxRssKiB: number; terminatedAfterExit: number };
    try {
      report = JSON.parse(readFileSync(reportFile, 'utf8')) as typeof report;
    } catch {
      throw new Error(`${command}: the process-tree runner ended (exit ${String(code)}) without a report; output in ${options.outputFile}`);
    }
    return {
      code: report.code,
      wallMs: report.wallMs,
      cpuMs: report.userMs + report.systemMs,
      maxRssKiB: report.maxRssKiB,
      terminatedAfterExit: report.terminatedAfterExit,
    };
  } finally {
    closeSync(out);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** CPU time a running process has used so far (user + system, ms), from /proc; null where /proc is not there. */
export function processCpuMs(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop()?.split(' ') ?? [];
    // After "pid (comm) ": state is field 0, utime field 11, stime field 12 (clock ticks, 100 per second on Linux).
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks * 10 : null;
  } catch {
    return null;
  }
}

/** Peak RSS (VmHWM) of a running process, KiB; null where /proc is not there. */
export function processPeakRssKiB(pid: number): number | null {
  try {
    const kb = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? null : Number(kb);
  } catch {
    return null;
  }
}
