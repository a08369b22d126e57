/**
 * The emulated device for a benchmark, in its own process (`smartlic emulate`, run from source with tsx), so its
 * CPU does not share the event loop with the client being measured. The inventory is read from the file the verb
 * writes before it reports "ready".
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
  /** Run the emulator under `node --cpu-prof`, writing `emulator.cpuprofile` into this folder on exit. */
  readonly cpuProfileDir?: string;
  /** Default 60000. */
  readonly readyTimeoutMs?: number;
}

export interface EmulatorProcess {
  readonly pid: number;
  readonly inventoryFile: string;
  readonly inventory: Inventory;
  /** SIGTERM (a clean stop: sessions closed, profile written), SIGKILL if it has not exited after 15 s. */
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(REPO_ROOT, 'src/cli/main.ts');

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-bench-'));
  const inventoryFile = join(dir, 'inventory.json');
  const nodeArgs = options.cpuProfileDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', options.cpuProfileDir, '--cpu-prof-name', 'emulator.cpuprofile'];
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', MAIN, 'emulate', '--devices', String(options.devices ?? 1), '--platform', options.platform, '--inventory-out', inventoryFile, '--json'],
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

  const inventory = JSON.parse(readFileSync(inventoryFile, 'utf8')) as Inventory;
  let stopping: Promise<void> | null = null;
  return {
    pid: child.pid ?? -1,
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
