/**
 * `npm run soak [-- --devices N --cycles C --concurrency K --json]` (defaults 1000 devices, 3 watch cycles,
 * concurrency 25): the soak of bench/soak/soak-run.ts, printed as a table (or the JSON report). Exit 1 when a
 * bound was broken or an event lost, 2 for bad options.
 */
import { formatSoak, runSoak } from './soak/soak-run.js';

function parse(argv: readonly string[]): { devices: number; cycles: number; concurrency: number; json: boolean } {
  const out = { devices: 1000, cycles: 3, concurrency: 25, json: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--json') {
      out.json = true;
      continue;
    }
    const key = ({ '--devices': 'devices', '--cycles': 'cycles', '--concurrency': 'concurrency' } as const)[arg as '--devices'];
    const value = Number(argv[++i]);
    if (key === undefined || !Number.isInteger(value) || value < 1 || value > 20_000) throw new Error(`bad option ${arg} ${argv[i] ?? ''}: expected --devices N, --cycles N, --concurrency N (1-20000) or --json`);
    out[key] = value;
  }
  return out;
}

let options: ReturnType<typeof parse>;
try {
  options = parse(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(2);
}
const report = await runSoak({ ...options, log: (line) => process.stderr.write(`${new Date().toISOString()} ${line}\n`) });
process.stdout.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSoak(report));
process.exitCode = report.violations.length === 0 ? 0 : 1;
