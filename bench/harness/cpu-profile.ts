/**
 * Reading V8 CPU profiles (`.cpuprofile`, as `node --cpu-prof` and the inspector's `Profiler.stop` write them):
 * self time per function, heaviest first, so a profiled bench run prints where the time went.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CpuProfile {
  readonly nodes: ReadonlyArray<{
    readonly id: number;
    readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  }>;
  readonly samples?: readonly number[];
  /** Microseconds since the previous sample. */
  readonly timeDeltas?: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface HotFunction {
  /** `name (file:line)`, or `(idle)`, `(garbage collector)`, `(program)`. */
  readonly name: string;
  readonly selfMs: number;
  /** Share of the profile's sampled time, 0–1. */
  readonly share: number;
}

function location(url: string, root: string | undefined): string {
  if (url === '') return '';
  let path = url;
  if (url.startsWith('file://')) {
    try {
      path = fileURLToPath(url);
    } catch {
      path = url;
    }
  }
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) return path.slice(modules + 1);
  return root !== undefined && path.startsWith(root) ? relative(root, path) : path;
}

/** Self time per function (samples attributed to the frame on top of the stack), the `top` heaviest. */
export function hotFunctions(profile: CpuProfile, top = 15, root?: string): HotFunction[] {
  const names = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = location(url, root);
    const fn = functionName === '' ? '(anonymous)' : functionName;
    names.set(node.id, where === '' ? fn : `${fn} (${where}:${lineNumber + 1})`);
  }
  const selfUs = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let total = 0;
  for (let i = 0; i < samples.length; i++) {
    const us = Math.max(0, deltas[i] ?? 0);
    const name = names.get(samples[i]!) ?? '(unknown)';
    selfUs.set(name, (selfUs.get(name) ?? 0) + us);
    total += us;
  }
  return [...selfUs.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, us]) => ({ name, selfMs: us / 1000, share: total > 0 ? us / total : 0 }));
}

/** Logs the top self-time functions of the `.cpuprofile` at `file` (paths shown relative to `root`). */
export function logHotFunctions(log: (line: string) => void, title: string, file: string, root?: string): void {
  try {
    const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
    log(`  ${title}: ${((profile.endTime - profile.startTime) / 1000).toFixed(0)} ms profiled; top self time:`);
    for (const f of hotFunctions(profile, 15, root)) log(`    ${f.selfMs.toFixed(1).padStart(8)} ms ${(f.share * 100).toFixed(1).padStart(5)}%  ${f.name}`);
  } catch (error) {
    log(`  ${title}: profile unavailable (${(error as Error).message})`);
  }
}
