/**
 * Runs the real automation clients (Debian packages, CI installs them) against emulated devices. A missing
 * client is a test failure naming the package to install, never a silent skip.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { readonly input?: string; readonly env?: NodeJS.ProcessEnv; readonly cwd?: string; readonly timeoutMs?: number } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 240_000);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Why a client cannot run here (naming the Debian package), or undefined when it can. */
export async function missingPythonModule(module: string, debianPackage: string): Promise<string | undefined> {
  if (!existsSync(SYSTEM_PYTHON)) return `${SYSTEM_PYTHON} not found: install python3 and ${debianPackage} (apt-get install -y ${debianPackage})`;
  const probe = await run(SYSTEM_PYTHON, ['-c', `import ${module}`], { timeoutMs: 60_000 });
  return probe.code === 0
    ? undefined
    : `Python module "${module}" is not importable by ${SYSTEM_PYTHON}: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage}). ${probe.stderr.trim().split('\n').pop() ?? ''}`;
}

export async function missingCommand(command: string, debianPackage: string): Promise<string | undefined> {
  try {
    const probe = await run(command, ['--version'], { timeoutMs: 60_000 });
    return probe.code === 0 ? undefined : `${command} --version failed (exit ${probe.code}): reinstall ${debianPackage}`;
  } catch {
    return `${command} is not installed: install the Debian package ${debianPackage} (apt-get install -y ${debianPackage})`;
  }
}
