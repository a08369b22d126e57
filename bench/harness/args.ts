/** `npm run bench -- [flags]`: argv → validated settings. Bad input is an `InvalidArgumentError` naming the flag. */
import { InvalidArgumentError } from '../../src/errors.js';
import type { BenchOptions } from './types.js';

export interface BenchArgs {
  /** Benchmarks to run, in registry order; empty = all. */
  readonly only: readonly string[];
  readonly rounds?: number;
  readonly warmup?: number;
  readonly options: BenchOptions;
  readonly json: boolean;
  /** Update BENCHMARKS.md with the results and the machine they were measured on. */
  readonly write: boolean;
  readonly list: boolean;
  readonly help: boolean;
}

export const BENCH_USAGE = `Usage: npm run bench -- [options]

Runs the benchmarks (each measures smartlic and its baseline in the same run) and prints ratios against targets.
A missed target is printed loudly; the exit code is non-zero only when the harness itself fails.

Options:
  --only <names>       run only these benchmarks (comma-separated; see --list)
  --rounds <n>         timed rounds per contender (session default 50, parse default 7, fleet default 1)
  --warmup <n>         untimed warm-up rounds per contender (session default 5; parse: passes over the whole
                       corpus, default 1)
  --command <text>     session: the show command (default: "show license status" when the device answers it,
                       else "show version")
  --platform <p>       session: ios-xe (cBR-8, default) or ios-xr (NCS 560)
  --no-netmiko         session: leave netmiko out
  --cpu-prof <dir>     session, fleet, scale: write CPU profiles of smartlic and of the emulator there, and
                       print the top functions; parse: the same for one extra parse pass (parse.cpuprofile)
  --devices <n[,n…]>   fleet: emulated devices (default 100); scale: fleet sizes, each in turn (default
                       1000,5000); 1-20000 each
  --no-ansible         fleet: smartlic only (no Ansible contenders)
  --forks <n>          fleet: smartlic run --forks (default: its own, 10); Ansible's second run uses it too
  --concurrency <n>    scale: devices onboarded at once by the one smartlic process (default 100)
  --from-source        fleet: run the smartlic CLI through tsx instead of compiling it first
  --json               print one JSON document (results + machine) on stdout instead of the tables
  --write              update BENCHMARKS.md with the results and the machine info
  --list               list the benchmarks and exit
  -h, --help           this text
`;

const MAX_ROUNDS = 100_000;
const MAX_DEVICES = 20_000;

function count(flag: string, value: string | undefined, min: number): number {
  if (value === undefined || !/^\d+$/.test(value)) throw new InvalidArgumentError(flag, `expects a whole number, got ${JSON.stringify(value ?? '')}`);
  const n = Number(value);
  if (n < min || n > MAX_ROUNDS) throw new InvalidArgumentError(flag, `must be between ${min} and ${MAX_ROUNDS}, got ${n}`);
  return n;
}

function bounded(flag: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(flag, `expects a whole number, got ${JSON.stringify(value)}`);
  const n = Number(value.trim());
  if (n < min || n > max) throw new InvalidArgumentError(flag, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

export function parseBenchArgs(argv: readonly string[], known: readonly string[]): BenchArgs {
  const only: string[] = [];
  let rounds: number | undefined;
  let warmup: number | undefined;
  let command: string | undefined;
  let platform: 'ios-xe' | 'ios-xr' | undefined;
  let cpuProfileDir: string | undefined;
  let netmiko = true;
  let devices: number[] | undefined;
  let ansible: boolean | undefined;
  let forks: number | undefined;
  let concurrency: number | undefined;
  let fromSource: boolean | undefined;
  let json = false;
  let write = false;
  let list = false;
  let help = false;

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new InvalidArgumentError(flag, 'expects a value');
      i++;
      return next;
    };
    const noValue = (): void => {
      if (inline !== undefined) throw new InvalidArgumentError(flag, 'takes no value');
    };
    switch (flag) {
      case '--only':
        for (const name of value().split(',').map((s) => s.trim()).filter(Boolean)) {
          if (!known.includes(name)) throw new InvalidArgumentError('--only', `unknown benchmark "${name}" (known: ${known.join(', ')})`);
          if (!only.includes(name)) only.push(name);
        }
        break;
      case '--rounds':
        rounds = count('--rounds', value(), 1);
        break;
      case '--warmup':
        warmup = count('--warmup', value(), 0);
        break;
      case '--command': {
        const text = value();
        if (text.trim().length === 0 || /[\x00-\x1f\x7f?]/.test(text)) {
          throw new InvalidArgumentError('--command', `must be one printable command line without "?", got ${JSON.stringify(text)}`);
        }
        command = text.trim();
        break;
      }
      case '--platform': {
        const p = value();
        if (p !== 'ios-xe' && p !== 'ios-xr') throw new InvalidArgumentError('--platform', `must be ios-xe or ios-xr, got "${p}"`);
        platform = p;
        break;
      }
      case '--cpu-prof':
        cpuProfileDir = value();
        break;
      case '--no-netmiko':
        noValue();
        netmiko = false;
        break;
      case '--devices': {
        const list = value().split(',').map((s) => s.trim());
        if (list.some((s) => s === '')) throw new InvalidArgumentError('--devices', 'expects whole numbers separated by commas');
        devices = list.map((s) => bounded('--devices', s, 1, MAX_DEVICES));
        break;
      }
      case '--no-ansible':
        noValue();
        ansible = false;
        break;
      case '--forks':
        forks = bounded('--forks', value(), 1, 1000);
        break;
      case '--concurrency':
        concurrency = bounded('--concurrency', value(), 1, 10_000);
        break;
      case '--from-source':
        noValue();
        fromSource = true;
        break;
      case '--json':
        noValue();
        json = true;
        break;
      case '--write':
        noValue();
        write = true;
        break;
      case '--list':
        noValue();
        list = true;
        break;
      case '-h':
      case '--help':
        noValue();
        help = true;
        break;
      default:
        throw new InvalidArgumentError('argument', `unknown option "${arg}" (see --help)`);
    }
  }
  const ordered = known.filter((name) => only.includes(name));
  return {
    only: ordered,
    ...(rounds === undefined ? {} : { rounds }),
    ...(warmup === undefined ? {} : { warmup }),
    options: {
      netmiko,
      ...(command === undefined ? {} : { command }),
      ...(platform === undefined ? {} : { platform }),
      ...(cpuProfileDir === undefined ? {} : { cpuProfileDir }),
      ...(devices === undefined ? {} : { devices }),
      ...(ansible === undefined ? {} : { ansible }),
      ...(forks === undefined ? {} : { forks }),
      ...(concurrency === undefined ? {} : { concurrency }),
      ...(fromSource === undefined ? {} : { fromSource }),
    },
    json,
    write,
    list,
    help,
  };
}
