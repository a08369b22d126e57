/**
 * The emulated devices (and CSSM) of a benchmark, in their own process (`smartlic emulate`, run from source with
 * tsx), so their CPU does not share the event loop with the client being measured, and a fresh process is a fresh
 * world: unconfigured, unregistered devices and an empty CSSM. The inventory is read from the file the verb writes
 * before it reports "ready".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '../../src/inventory/types.js';

export interface EmulatorProcessOptions {
  readonly platform: 'ios-xe' | 'ios-xr' | 'mixed';
  readonly devices?: number;
  /** Run the emulator under `node --cpu-prof`, writing `cpuProfileName` into this folder on exit. */
  readonly cpuProfileDir?: string;
  /** Default `emulator.cpuprofile`. */
  readonly cpuProfileName?: string;
  /** Default 60000. */
  readonly readyTimeoutMs?: number;
}

export interface EmulatorProcess {
  readonly pid: number;
  /** Wall-clock ms from spawning the process to its "ready" line. */
  readonly startMs: number;
  readonly inventoryFile: string;
  readonly inventory: Inventory;
  /** SIGTERM (a clean stop: sessions closed, profile written), SIGKILL if it has not exited after 15 s. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO_ROOT, 'src/cli/main.ts');
/** Listening sockets per device (SSH and NETCONF), plus room for sessions, CSSM and Node itself. */
const FDS_PER_DEVICE = 2;
const FD_HEADROOM = 4096;

/**
 * The open-file limit the emulator needs for `devices` (two listeners each, sessions on top). The process starts
 * through `sh -c 'ulimit -n …'`, which raises its soft limit up to the hard one (and the hard one when allowed).
 */
export function fileDescriptorsFor(devices: number): number {
  return devices * FDS_PER_DEVICE + FD_HEADROOM;
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-bench-'));
  const inventoryFile = join(dir, 'inventory.json');
  const devices = options.devices ?? 1;
  const nodeArgs = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir, '--cpu-prof-name', options.cpuProfileName ?? 'emulator.cpuprofile'];
  const fds = fileDescriptorsFor(devices);
  // `exec` keeps the pid: the shell becomes node, so signals and /proc readings reach the emulator itself.
  const raise = `ulimit -n ${fds} 2>/dev/null || ulimit -S -n ${fds} 2>/dev/null || ulimit -S -n "$(ulimit -H -n)"; exec "$@"`;
  const started = performance.now();
  const child = spawn(
    '/bin/sh',
    ['-c', raise, 'sh', process.execPath, ...nodeArgs, '--import', 'tsx', MAIN, 'emulate', '--devices', String(devices), '--platform', options.platform, '--inventory-out', inventoryFile, '--json'],
    { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-4000);
  });
  const cleanup = (): void => {
    process.removeListener('exit', killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await new Promise<void>((resolve, reject) => {
      const timeoutMs = options.readyTimeoutMs ?? 60_000;
      const timer = setTimeout(() => reject(new Error(`the emulator did not report ready within ${timeoutMs} ms; stderr: ${stderr.trim()}`)), timeoutMs);
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        let event: { event?: string } | undefined;
        try {
          event = JSON.parse(line) as { event?: string };
        } catch {
          return;
        }
        if (event.event === 'ready') {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the emulator exited before it was ready (${signal ?? `code ${code}`}); stderr: ${stderr.trim()}`));
      });
    });
  } catch (error) {
    child.kill('SIGKILL');
    await exited(child);
    cleanup();
    throw error;
  }

  const startMs = performance.now() - started;
  const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory;
  let stopping: Promise<void> | null = null;
  return {
    pid: child.pid ?? -1,
    startMs,
    inventoryFile,
    inventory,
    stop: () => {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited(child);
        clearTimeout(timer);
        cleanup();
      })();
      return stopping;
    },
  };
}
