/**
 * `smartlic emulate`: runs a fleet of emulated devices on loopback SSH ports until SIGINT / SIGTERM (or the
 * caller's abort signal), after writing the inventory that points clients at them. The inventory is on disk
 * before "ready" is printed, so a script can wait for "ready" and then read it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { InvalidArgumentError } from '../../errors.js';
import type { DeviceModel, Inventory } from '../../inventory/types.js';
import { startFleet, type FleetPlatform } from '../../emulator/device/fleet.js';
import { loadHostKeys } from '../../emulator/device/host-key.js';
import { DEVICE_MODELS, MODEL_PROFILES, isDeviceModel } from '../../emulator/device/identity.js';
import type { CliContext, CommandRegistrar } from '../program.js';

interface EmulateOptions {
  readonly devices: string;
  readonly platform: string;
  readonly models?: string;
  readonly inventoryOut?: string;
  readonly host: string;
  readonly basePort?: string;
  readonly hostKey?: readonly string[];
  readonly json?: boolean;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(name, `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function parsePlatform(value: string): FleetPlatform {
  if (value === 'ios-xe' || value === 'ios-xr' || value === 'mixed') return value;
  throw new InvalidArgumentError('--platform', `must be ios-xe, ios-xr or mixed, got "${value}"`);
}

function parseModels(value: string | undefined): DeviceModel[] | undefined {
  if (value === undefined) return undefined;
  const models = value.split(',').map((m) => m.trim()).filter(Boolean);
  if (models.length === 0) throw new InvalidArgumentError('--models', 'is empty');
  for (const model of models) {
    if (!isDeviceModel(model)) {
      throw new InvalidArgumentError('--models', `unknown model "${model}" (known: ${DEVICE_MODELS.join(', ')})`);
    }
  }
  return models as DeviceModel[];
}

/** Writes the inventory atomically (JSON, or YAML for .yaml / .yml), so a reader never sees half a file. */
function writeInventory(path: string, inventory: Inventory): void {
  const text = /\.ya?ml$/i.test(path) ? toYaml(inventory) : `${JSON.stringify(inventory, null, 2)}\n`;
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text, { mode: 0o600 });
  renameSync(partial, path);
}

function waitForStop(ctx: CliContext): Promise<string> {
  return new Promise((resolve) => {
    const signal = ctx.io.signal;
    if (signal !== undefined) {
      if (signal.aborted) return resolve(String(signal.reason ?? 'aborted'));
      signal.addEventListener('abort', () => resolve(String((signal.reason as Error | undefined)?.message ?? signal.reason ?? 'aborted')), { once: true });
      return;
    }
    const stop = (name: string) => () => resolve(name);
    process.once('SIGINT', stop('SIGINT'));
    process.once('SIGTERM', stop('SIGTERM'));
  });
}

export const registerEmulate: CommandRegistrar = (program, ctx) => {
  program
    .command('emulate')
    .description('run emulated IOS-XE (cBR-8) / IOS-XR (NCS 560, NCS 1004) devices on loopback SSH ports until interrupted')
    .option('--devices <n>', 'number of devices (1-20000)', '4')
    .option('--platform <platform>', 'ios-xe, ios-xr or mixed', 'mixed')
    .option('--models <list>', `comma-separated models to cycle through (${DEVICE_MODELS.join(',')}); default: every model of the platform`)
    .option('--inventory-out <file>', 'write the inventory there (JSON; YAML when the name ends in .yaml/.yml) before "ready"')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--base-port <port>', 'first SSH port; devices take consecutive ports (default: any free ports)')
    .option('--host-key <file...>', 'SSH host private key file(s), PEM or OpenSSH (default: generated at start)')
    .option('--json', 'machine-readable output: one JSON line {"event":"ready",…} on start, {"event":"stopped"} at the end')
    .addHelpText(
      'after',
      `
Every device accepts admin/admin over SSH (password, keyboard-interactive) and prints its real prompt
(Router# on IOS-XE, RP/0/RP0/CPU0:ios# on IOS-XR). Devices share one set of host keys (RSA and ed25519);
the inventory's "hostKey" is the fingerprint clients negotiate by default (ed25519). The verb runs until
SIGINT or SIGTERM, then closes every session and exits 0.

Example:
  smartlic emulate --devices 20 --platform mixed --inventory-out inv.json`,
    )
    .action(async (opts: EmulateOptions) => {
      const count = wholeNumber('--devices', opts.devices, 1, 20_000);
      const platform = parsePlatform(opts.platform);
      const models = parseModels(opts.models);
      for (const model of models ?? []) {
        const own = MODEL_PROFILES[model].platform;
        if (platform !== 'mixed' && own !== platform) {
          throw new InvalidArgumentError('--models', `${model} is an ${own} model; --platform is ${platform}`);
        }
      }
      const basePort = opts.basePort === undefined ? undefined : wholeNumber('--base-port', opts.basePort, 1, 65535);
      const hostKeys = opts.hostKey === undefined ? undefined : loadHostKeys(opts.hostKey.map((f) => resolvePath(ctx.io.cwd, f)));
      const fleet = await startFleet({
        devices: count,
        platform,
        host: opts.host,
        ...(hostKeys === undefined ? {} : { hostKeys }),
        ...(models === undefined ? {} : { models }),
        ...(basePort === undefined ? {} : { basePort }),
      });
      try {
        const inventory = fleet.inventory();
        const inventoryFile = opts.inventoryOut === undefined ? undefined : resolvePath(ctx.io.cwd, opts.inventoryOut);
        if (inventoryFile !== undefined) writeInventory(inventoryFile, inventory);
        if (opts.json) {
          ctx.io.stdout.write(`${JSON.stringify({ event: 'ready', devices: fleet.devices.length, inventoryFile, inventory })}\n`);
        } else {
          for (const d of fleet.devices) {
            ctx.io.stdout.write(`${d.name.padEnd(14)} ${d.platform.padEnd(7)} ${d.model.padEnd(9)} ${d.host}:${d.port}  ${d.hostKeyFingerprint}\n`);
          }
          if (inventoryFile !== undefined) ctx.io.stdout.write(`inventory written to ${inventoryFile}\n`);
          ctx.io.stdout.write(`ready: ${fleet.devices.length} device(s), user admin / admin (Ctrl-C to stop)\n`);
        }
        const reason = await waitForStop(ctx);
        await fleet.close();
        ctx.io.stdout.write(opts.json ? `${JSON.stringify({ event: 'stopped', reason })}\n` : `stopped (${reason})\n`);
      } catch (error) {
        await fleet.close();
        throw error;
      }
    });
};
