/**
 * netmiko as a benchmark contender: one long-lived `/usr/bin/python3` process (Debian's python3-netmiko imports only
 * there) that runs a round whenever asked and reports the time it measured itself, so the harness can interleave
 * netmiko rounds with the Node contenders without counting Python start-up.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { SYSTEM_PYTHON } from '../harness/machine.js';

export interface NetmikoTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  readonly deviceType: 'cisco_ios' | 'cisco_xr';
}

export interface NetmikoRound {
  /** Milliseconds measured inside Python (`time.perf_counter`). */
  readonly ms: number;
  /** CPU milliseconds of the Python process during the round (`time.process_time`). */
  readonly cpuMs: number;
  /** Length of what `send_command` returned. */
  readonly chars: number;
}

const SCRIPT = fileURLToPath(new URL('./netmiko_rounds.py', import.meta.url));

type Reply = { ready?: boolean; netmiko?: string; ms?: number; cpu_ms?: number; chars?: number; error?: string };

export class NetmikoProcess {
  readonly version: string;
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #replies: Interface;
  readonly #waiting: Array<(reply: Reply) => void>;
  readonly #stderr: () => string;

  private constructor(child: ChildProcessWithoutNullStreams, replies: Interface, waiting: Array<(reply: Reply) => void>, version: string, stderr: () => string) {
    this.#child = child;
    this.#replies = replies;
    this.#waiting = waiting;
    this.version = version;
    this.#stderr = stderr;
  }

  /** Starts Python and imports netmiko; rejects with the reason when it cannot (missing package). */
  static async start(target: NetmikoTarget, command: string, timeoutMs = 60_000): Promise<NetmikoProcess> {
    const child = spawn(SYSTEM_PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.on('error', () => undefined); // EPIPE when Python is missing or died: reported through 'exit'/'error'
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString('utf8')).slice(-4000);
    });
    const waiting: Array<(reply: Reply) => void> = [];
    const replies = createInterface({ input: child.stdout });
    replies.on('line', (line) => {
      let reply: Reply;
      try {
        reply = JSON.parse(line) as Reply;
      } catch {
        reply = { error: `unreadable reply from netmiko_rounds.py: ${line.slice(0, 200)}` };
      }
      waiting.shift()?.(reply);
    });
    child.once('exit', (code, signal) => {
      for (const resolve of waiting.splice(0)) resolve({ error: `python exited (${signal ?? `code ${code}`}): ${stderr.trim().split('\n').pop() ?? ''}` });
    });
    const spawnFailed = new Promise<Reply>((resolve) => child.once('error', (error) => resolve({ error: `cannot run ${SYSTEM_PYTHON}: ${error.message}` })));
    const ready = new Promise<Reply>((resolve) => waiting.push(resolve));
    child.stdin.write(
      `${JSON.stringify({ host: target.host, port: target.port, username: target.username, password: target.password, device_type: target.deviceType, command })}\n`,
    );
    const reply = await withTimeout(Promise.race([ready, spawnFailed]), timeoutMs, 'netmiko start-up');
    if (reply.ready !== true) {
      child.kill('SIGKILL');
      throw new Error(reply.error ?? 'netmiko did not start');
    }
    return new NetmikoProcess(child, replies, waiting, reply.netmiko ?? 'unknown', () => stderr);
  }

  /** One connect + send_command + disconnect, timed inside Python. */
  async round(timeoutMs = 120_000): Promise<NetmikoRound> {
    const reply = new Promise<Reply>((resolve) => this.#waiting.push(resolve));
    this.#child.stdin.write('round\n');
    const r = await withTimeout(reply, timeoutMs, 'a netmiko round');
    if (r.error !== undefined || typeof r.ms !== 'number') throw new Error(`netmiko round failed: ${r.error ?? 'no time reported'} ${this.#stderr().trim().split('\n').pop() ?? ''}`.trim());
    return { ms: r.ms, cpuMs: r.cpu_ms ?? Number.NaN, chars: r.chars ?? 0 };
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.#child.once('exit', () => resolve()));
    this.#child.stdin.end('quit\n');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    this.#replies.close();
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
