/**
 * `smartlic demo`: the whole product in a few seconds, with nothing but Node. It starts an embedded lab — a mixed
 * fleet of emulated cBR-8 / NCS 560 / NCS 1004 with their Smart Agents and the CSSM emulator — creates an ID token
 * through the CSSM REST API (the real `CssmClient`), runs playbooks/onboard.json on the fleet with the progress
 * renderer (plain lines when stdout is not a terminal, NDJSON with --json), reads every device's licensing state
 * back and prints it as the `smartlic status` table. Exit 0 when every device ends registered and authorized.
 * With --keep-running the lab stays up (inventory written for `smartlic status`, `run`, Ansible …) until Ctrl-C.
 */
import { mkdtempSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { fileURLToPath } from 'node:url';
import { systemClock } from '../../clock.js';
import { CssmClient } from '../../cssm/client.js';
import { InvalidArgumentError, PlaybookError } from '../../errors.js';
import { MODEL_PROFILES } from '../../emulator/device/identity.js';
import { startLab, type Lab } from '../../emulator/lab.js';
import { inventoryFromObject, type LoadedInventory } from '../../inventory/load.js';
import type { DeviceModel, Inventory } from '../../inventory/types.js';
import { runPlaybook } from '../../playbook/engine.js';
import { formatDuration } from '../../playbook/duration.js';
import { toNdjsonLine } from '../../playbook/ndjson.js';
import { preparePlaybook, readPlaybook } from '../../playbook/prepare.js';
import { ProgressRenderer } from '../../playbook/progress.js';
import { createDeviceTaskRegistry } from '../../playbook/runners/device-runners.js';
import type { LicensingStatus } from '../../driver/licensing-status.js';
import { ExitCode } from '../exit-codes.js';
import { runOnHosts, type HostOutcome } from '../host-runner.js';
import { licensingTable } from '../licensing-view.js';
import type { CliContext, CommandRegistrar } from '../program.js';

/** The package root: src/cli/commands/demo.ts and dist/cli/commands/demo.js both sit three levels below it. */
const PACKAGE_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const DEMO_PLAYBOOK = 'playbooks/onboard.json';
const TOKEN_VARIABLE = 'SMARTLIC_TOKEN';
/** The emulated devices answer at once: poll them often so the demo takes seconds. */
const POLL_MS = 250;

interface DemoOptions {
  readonly devices: string;
  readonly json?: boolean;
  readonly keepRunning?: boolean;
  readonly inventoryOut?: string;
}

function deviceCount(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('--devices', `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < 1 || n > 100) throw new InvalidArgumentError('--devices', `must be between 1 and 100, got ${n}`);
  return n;
}

function fleetSummary(lab: Lab): string {
  const counts = new Map<DeviceModel, number>();
  for (const d of lab.fleet.devices) counts.set(d.model, (counts.get(d.model) ?? 0) + 1);
  return [...counts.entries()].map(([model, n]) => `${n} ${MODEL_PROFILES[model].model}`).join(', ');
}

/** Writes the inventory atomically with mode 0600 (it holds the lab's credentials). */
function writeInventory(path: string, inventory: Inventory): void {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, `${JSON.stringify(inventory, null, 2)}\n`, { mode: 0o600 });
  renameSync(partial, path);
}

function waitForStop(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal !== undefined) {
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', () => resolve(), { once: true });
      return;
    }
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

interface DeviceLine {
  readonly host: string;
  readonly model: string | null;
  readonly registration: string | null;
  readonly authorization: string | null;
  readonly nextRenewalAt: string | null;
  readonly smartAccount: string | null;
  readonly virtualAccount: string | null;
  readonly error?: string;
}

function deviceLine(outcome: HostOutcome<LicensingStatus>, model: string | undefined): DeviceLine {
  const base = { host: outcome.host, model: model ?? null };
  if (!outcome.ok) {
    const message = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
    return { ...base, registration: null, authorization: null, nextRenewalAt: null, smartAccount: null, virtualAccount: null, error: message };
  }
  const s = outcome.value.state;
  return { ...base, registration: s.registration, authorization: s.authorization, nextRenewalAt: s.nextRenewalAt, smartAccount: s.smartAccount, virtualAccount: s.virtualAccount };
}

async function runDemo(ctx: CliContext, opts: DemoOptions): Promise<void> {
  const count = deviceCount(opts.devices);
  const json = opts.json === true;
  const out = ctx.io.stdout as NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  const say = (line: string): void => {
    if (!json) out.write(`${line}\n`);
  };
  const started = systemClock.now();
  const lab = await startLab({ devices: count, platform: 'mixed' });
  let keep = false;
  try {
    const raw = lab.inventory();
    const inventoryFile = opts.inventoryOut !== undefined ? resolvePath(ctx.io.cwd, opts.inventoryOut) : opts.keepRunning === true ? join(mkdtempSync(join(tmpdir(), 'smartlic-demo-')), 'inventory.json') : undefined;
    if (inventoryFile !== undefined) writeInventory(inventoryFile, raw);
    const inventory: LoadedInventory = inventoryFromObject(raw, inventoryFile ?? 'demo-inventory.json', { env: ctx.io.env, cwd: ctx.io.cwd });
    say(`smartlic demo: ${count} emulated device(s) (${fleetSummary(lab)}) and the CSSM emulator at ${lab.cssm.url}`);

    const account = inventory.cssm;
    if (account === undefined) throw new TypeError('the lab inventory has no cssm entry');
    const cssm = CssmClient.fromAccount(account, ctx.io.signal === undefined ? {} : { signal: ctx.io.signal });
    const token = await cssm.createToken({ description: 'smartlic demo', expiresAfterDays: 1, maxUses: count });
    say(`CSSM: ID token created through the CSSM API in ${lab.cssm.smartAccountName} / ${token.virtualAccount}, ${count} use(s), expires ${token.expiresAt}`);

    const source = await readPlaybook(DEMO_PLAYBOOK, PACKAGE_ROOT);
    const registry = createDeviceTaskRegistry({ cwd: ctx.io.cwd, licensing: { pollIntervalMs: POLL_MS }, workflow: { pollIntervalMs: POLL_MS } });
    const prepared = preparePlaybook(source, { registry, inventory, env: { ...ctx.io.env, [TOKEN_VARIABLE]: token.token.reveal() } });
    if (!prepared.ok) throw prepared.errors[0] ?? new PlaybookError('E_PLAYBOOK', DEMO_PLAYBOOK, [{ pointer: '', message: 'cannot be prepared' }]);
    const renderer = json ? undefined : new ProgressRenderer(out, { tty: out.isTTY === true, color: ctx.io.env['NO_COLOR'] === undefined });
    const report = await runPlaybook(prepared.playbook, {
      ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
      onEvent: (event) => {
        if (json) out.write(toNdjsonLine(event));
        else renderer?.handle(event);
      },
    });
    if (report.cancelled) {
      ctx.exitCode = ExitCode.interrupted;
      return;
    }

    const hosts = inventory.resolveHosts();
    const states = await runOnHosts(hosts, { forks: 10, ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }) }, (device) => device.status());
    const lines = states.map((o, i) => deviceLine(o, hosts[i]?.model));
    const ready = lines.filter((l) => l.registration === 'registered' && l.authorization === 'authorized').length;
    const took = formatDuration(systemClock.now() - started);
    if (json) {
      out.write(toNdjsonLine({ kind: 'demo-finished', ok: ready === count, devices: lines, inventoryFile: inventoryFile ?? null, durationMs: systemClock.now() - started }));
    } else {
      say('');
      say(licensingTable(states.map((o, i) => ({ host: o.host, model: hosts[i]?.model, ...(o.ok ? { state: o.value.state } : { error: o.error }) }))));
      say('');
      say(`${ready} of ${count} device(s) registered and authorized in ${took}.`);
    }
    ctx.exitCode = ready === count ? ExitCode.ok : ExitCode.hostFailed;

    if (opts.keepRunning === true && inventoryFile !== undefined) {
      keep = true;
      say(`The lab keeps running. Inventory: ${inventoryFile}`);
      say(`  smartlic status -i ${inventoryFile}`);
      say(`  smartlic run playbooks/compliance-report.json -i ${inventoryFile}`);
      say('Ctrl-C stops it.');
      await waitForStop(ctx.io.signal);
    }
  } finally {
    await lab.close();
    if (keep) say('stopped');
  }
}

export const registerDemo: CommandRegistrar = (program, ctx) => {
  program
    .command('demo')
    .description('onboard an embedded emulated fleet (cBR-8, NCS 560, NCS 1004) into the CSSM emulator with playbooks/onboard.json and print the result')
    .option('--devices <n>', 'number of emulated devices, 1-100 (models in turn: cBR-8, NCS-560, NCS-1004)', '6')
    .option('--json', 'NDJSON on stdout: the playbook events, then {"kind":"demo-finished",…} with every device')
    .option('--keep-running', 'leave the lab running after the demo (inventory written to a temporary directory) until Ctrl-C')
    .option('--inventory-out <file>', "write the lab's inventory there (JSON, mode 0600)")
    .addHelpText(
      'after',
      `
What it does, all on 127.0.0.1 and in this process:
  1. starts the emulated devices (SSH, real IOS-XE / IOS-XR CLIs, Smart Agents) and the CSSM emulator;
  2. creates an ID token through the CSSM REST API, as a pipeline would;
  3. runs ${DEMO_PLAYBOOK} on every device: pre-flight, DNS and call-home, register, wait, verify;
  4. reads each device's licensing state back and prints it as "smartlic status" does.
Exit codes: 0 every device registered and authorized; 1 one did not; 2 bad option; 130 interrupted.
Next: smartlic demo --keep-running, then smartlic status / run / Ansible against the inventory it prints.`,
    )
    .action(async (opts: DemoOptions) => {
      await runDemo(ctx, opts);
    });
};
