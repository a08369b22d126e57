/**
 * `smartlic emulate`: runs a lab (emulator/lab.ts) — a fleet of emulated devices on loopback SSH and NETCONF ports,
 * each with its Smart Agent, the CSSM emulator their call homes reach, optionally an HTTP proxy — until SIGINT /
 * SIGTERM (or the caller's abort signal), after writing the inventory that points clients at them (with its `cssm`
 * entry and each host's `netconfPort`). The inventory is on disk before "ready" is printed, so a script can wait
 * for "ready" and then read it.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { resolve as resolvePath } from 'node:path';
import { stringify as toYaml } from 'yaml';
import { InvalidArgumentError } from '../../errors.js';
import type { DeviceModel, Inventory } from '../../inventory/types.js';
import type { FleetPlatform } from '../../emulator/device/fleet.js';
import { loadHostKeys } from '../../emulator/device/host-key.js';
import { DEVICE_MODELS, MODEL_PROFILES, isDeviceModel } from '../../emulator/device/identity.js';
import { LAB_PROXY_ADDRESS, startLab } from '../../emulator/lab.js';
import type { CliContext, CommandRegistrar } from '../program.js';

interface EmulateOptions {
  readonly devices: string;
  readonly platform: string;
  readonly models?: string;
  readonly inventoryOut?: string;
  readonly host: string;
  readonly basePort?: string;
  readonly hostKey?: readonly string[];
  readonly timeScale: string;
  readonly proxy?: boolean;
  readonly requireProxy?: boolean;
  readonly onPremHost?: readonly string[];
  readonly cssmPort?: string;
  readonly json?: boolean;
}

function wholeNumber(name: string, value: string, min: number, max: number): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(name, `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

function positiveNumber(name: string, value: string, max: number): number {
  const n = Number(value.trim());
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > max) throw new InvalidArgumentError(name, `must be a number above 0 and at most ${max}, got "${value}"`);
  return n;
}

/** Host names or addresses as they would appear in a URL (no scheme, path, port or spaces). */
function parseHosts(values: readonly string[] | undefined): string[] {
  const hosts = (values ?? []).flatMap((v) => v.split(',')).map((h) => h.trim()).filter(Boolean);
  for (const h of hosts) {
    if (!/^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$|^[0-9A-Fa-f:.]+$/.test(h) || h.length > 253) {
      throw new InvalidArgumentError('--on-prem-host', `"${h}" is not a host name or address`);
    }
  }
  return hosts;
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
    .description('run emulated IOS-XE (cBR-8) / IOS-XR (NCS 560, NCS 1004) devices and the CSSM emulator on loopback until interrupted')
    .option('--devices <n>', 'number of devices (1-20000)', '4')
    .option('--platform <platform>', 'ios-xe, ios-xr or mixed', 'mixed')
    .option('--models <list>', `comma-separated models to cycle through (${DEVICE_MODELS.join(',')}); default: every model of the platform`)
    .option('--inventory-out <file>', 'write the inventory there (JSON; YAML when the name ends in .yaml/.yml) before "ready"')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--base-port <port>', 'first port; each device takes two consecutive ports, SSH then NETCONF (default: any free ports)')
    .option('--host-key <file...>', 'SSH host private key file(s), PEM or OpenSSH (default: generated at start)')
    .option('--time-scale <n>', 'virtual time runs N times faster than the wall clock, for devices and CSSM (1440: a day per minute)', '1')
    .option('--proxy', `also run an HTTP proxy; devices reach it with "http-proxy ${LAB_PROXY_ADDRESS.host} port ${LAB_PROXY_ADDRESS.port}"`)
    .option('--require-proxy', 'CSSM refuses device call homes that do not come through the proxy (implies --proxy)')
    .option('--on-prem-host <host...>', 'host names or addresses the CSSM emulator also serves as CSSM On-Prem / satellite')
    .option('--cssm-port <port>', 'HTTP port of the CSSM emulator (default: any free port; HTTPS takes another)')
    .option('--json', 'machine-readable output: one JSON line {"event":"ready",…} on start, {"event":"stopped"} at the end')
    .addHelpText(
      'after',
      `
Every device accepts admin/admin over SSH (password, keyboard-interactive) and prints its real prompt
(Router# on IOS-XE, RP/0/RP0/CPU0:ios# on IOS-XR). Devices share one set of host keys (RSA and ed25519);
the inventory's "hostKey" is the fingerprint clients negotiate by default (ed25519). Each device also
serves NETCONF (the "netconf" SSH subsystem) on its own port, the inventory's "netconfPort".

Each device runs a Smart Agent: show license status|all|summary|usage|udi, license smart register
idtoken <token> [force], license smart renew {id|auth}, license smart deregister, the SMART_LIC syslog in
show logging, and a 90-day evaluation that starts with the emulator.

The CSSM emulator runs beside them (HTTP and HTTPS); the inventory's "cssm" entry holds its URL, API
credentials and CA. Devices call home to it through their running configuration: tools.cisco.com and the
other Cisco host names, and the --on-prem-host names, lead to it once DNS is configured (ip name-server /
domain name-server; IOS-XR also needs call-home "service active" and an active CiscoTAC-1 profile with an
http destination); its CA is in the devices' trustpool. The verb runs until SIGINT or SIGTERM, then closes
every session and server and exits 0.

Example:
  smartlic emulate --devices 20 --platform mixed --inventory-out inv.json
  smartlic emulate --devices 2 --proxy --require-proxy --on-prem-host satellite.example.net --time-scale 1440
  smartlic cssm token create -i inv.json          # then: SMARTLIC_TOKEN=<token> smartlic register -i inv.json --token-env SMARTLIC_TOKEN`,
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
      const timeScale = positiveNumber('--time-scale', opts.timeScale, 1_000_000_000);
      const onPremHosts = parseHosts(opts.onPremHost);
      const cssmPort = opts.cssmPort === undefined ? undefined : wholeNumber('--cssm-port', opts.cssmPort, 1, 65535);
      const hostKeys = opts.hostKey === undefined ? undefined : loadHostKeys(opts.hostKey.map((f) => resolvePath(ctx.io.cwd, f)));
      const withProxy = opts.proxy === true || opts.requireProxy === true;
      const lab = await startLab({
        devices: count,
        platform,
        host: opts.host,
        timeScale,
        onPremHosts,
        ...(withProxy ? { proxy: { require: opts.requireProxy === true } } : {}),
        ...(cssmPort === undefined ? {} : { cssm: { port: cssmPort } }),
        ...(hostKeys === undefined ? {} : { hostKeys }),
        ...(models === undefined ? {} : { models }),
        ...(basePort === undefined ? {} : { basePort }),
      });
      try {
        const inventory = lab.inventory();
        const inventoryFile = opts.inventoryOut === undefined ? undefined : resolvePath(ctx.io.cwd, opts.inventoryOut);
        if (inventoryFile !== undefined) writeInventory(inventoryFile, inventory);
        const fleet = lab.fleet;
        const proxy = lab.proxy === undefined ? null : { url: lab.proxy.url, deviceAddress: `${lab.proxyAddress.host} port ${lab.proxyAddress.port}`, required: opts.requireProxy === true };
        if (opts.json) {
          const cssm = { url: lab.cssm.url, httpsUrl: lab.cssm.httpsUrl ?? null };
          ctx.io.stdout.write(`${JSON.stringify({ event: 'ready', devices: fleet.devices.length, inventoryFile, cssm, proxy, timeScale, inventory })}\n`);
        } else {
          for (const d of fleet.devices) {
            const netconf = d.netconfPort === undefined ? '' : `  netconf ${d.netconfPort}`;
            ctx.io.stdout.write(`${d.name.padEnd(14)} ${d.platform.padEnd(7)} ${d.model.padEnd(9)} ${d.host}:${d.port}${netconf}  ${d.hostKeyFingerprint}\n`);
          }
          ctx.io.stdout.write(`${'cssm'.padEnd(14)} ${lab.cssm.url}${lab.cssm.httpsUrl === undefined ? '' : `  ${lab.cssm.httpsUrl}`}  (account ${lab.cssm.smartAccount} / ${lab.cssm.virtualAccount})\n`);
          if (proxy !== null) {
            ctx.io.stdout.write(`${'proxy'.padEnd(14)} ${proxy.url}  (devices: http-proxy ${proxy.deviceAddress}${proxy.required ? '; required by CSSM' : ''})\n`);
          }
          if (timeScale !== 1) ctx.io.stdout.write(`${'time'.padEnd(14)} ${timeScale}x the wall clock\n`);
          if (inventoryFile !== undefined) ctx.io.stdout.write(`inventory written to ${inventoryFile}\n`);
          ctx.io.stdout.write(`ready: ${fleet.devices.length} device(s), user admin / admin (Ctrl-C to stop)\n`);
        }
        const reason = await waitForStop(ctx);
        await lab.close();
        ctx.io.stdout.write(opts.json ? `${JSON.stringify({ event: 'stopped', reason })}\n` : `stopped (${reason})\n`);
      } catch (error) {
        await lab.close();
        throw error;
      }
    });
};
