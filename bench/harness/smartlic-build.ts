/**
 * smartlic as a user runs it: the package compiled to JavaScript (what `npm run build` makes and the `smartlic`
 * bin runs), so a benchmark of the CLI does not count tsx compiling TypeScript at every start (~2 s). The build
 * goes to a temporary package folder — dist/ plus links to the checkout's package.json, schemas/, playbooks/,
 * yang/ and node_modules/ — and leaves the checkout's own dist/ alone.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
const LINKED = ['package.json', 'schemas', 'playbooks', 'yang', 'node_modules'];

export interface SmartlicCommand {
  /** What to run: `node` and its arguments before the verb (`[execPath, …/dist/cli/main.js]`). */
  readonly argv: readonly string[];
  /** `build` (compiled JavaScript) or `source` (TypeScript through tsx). */
  readonly kind: 'build' | 'source';
  /** Removes the build; idempotent. */
  dispose(): void;
}

function run(command: string, args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(output) : reject(new Error(`${command} ${args.join(' ')} exited ${String(code)}: ${output.slice(-2000)}`))));
  });
}

/** Compiles src/ into a temporary package and returns how to run its CLI. */
export async function buildSmartlic(): Promise<SmartlicCommand> {
  const pkg = mkdtempSync(join(tmpdir(), 'smartlic-build-'));
  try {
    await run(process.execPath, [TSC, '-p', join(REPO_ROOT, 'tsconfig.build.json'), '--outDir', join(pkg, 'dist'), '--declaration', 'false', '--sourceMap', 'false'], REPO_ROOT);
    for (const name of LINKED) symlinkSync(join(REPO_ROOT, name), join(pkg, name));
  } catch (error) {
    rmSync(pkg, { recursive: true, force: true });
    throw error;
  }
  return { argv: [process.execPath, join(pkg, 'dist/cli/main.js')], kind: 'build', dispose: () => rmSync(pkg, { recursive: true, force: true }) };
}

/**
 * The CLI from source through tsx (no build step; every start compiles). tsx is named by its resolved URL: the
 * contender runs in a temporary folder, where a bare `--import tsx` finds no node_modules.
 */
export function smartlicFromSource(): SmartlicCommand {
  return { argv: [process.execPath, '--import', import.meta.resolve('tsx'), join(REPO_ROOT, 'src/cli/main.ts')], kind: 'source', dispose: () => undefined };
}
