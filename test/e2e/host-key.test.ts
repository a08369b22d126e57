/**
 * Host key checks against the emulated devices, over the CLI and NETCONF ports: a device presenting another key
 * than the pinned fingerprint or the known_hosts entry, or one no policy knows, is refused before any credential is
 * sent — the device's SSH server accepted the connection and received no authentication request
 * (`device.authLog`) — with `E_HOSTKEY` naming both keys and never the password. `insecure` connects only when
 * asked for, and says so in a warning with the key it did not verify. Through the fleet runner the refusal is tried
 * once and reported once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { openDevice } from '../../src/driver/device.js';
import { generateHostKeys } from '../../src/emulator/device/host-key.js';
import { inventoryFromObject, type ResolvedHost } from '../../src/inventory/load.js';
import type { Inventory, InventoryHost } from '../../src/inventory/types.js';
import { formatKnownHostLine } from '../../src/transport/known-hosts.js';
import { complianceWatch } from '../../src/workflows/compliance-watch.js';
import { inventoryDeviceOpener } from '../../src/workflows/driver-adapters.js';
import type { WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import { lastValueFrom, toArray } from 'rxjs';
import { captureLogger } from '../driver/helpers/licensing-device.js';
import { startE2eLab, type E2eLab } from './helpers/e2e-lab.js';

const NAMES = ['cbr8-1', 'ncs1004-1'] as const;
const TRANSPORTS = ['cli', 'netconf'] as const;

function hostsWith(e2e: E2eLab, change: (host: InventoryHost) => InventoryHost): ResolvedHost[] {
  const inventory = e2e.lab.inventory() as Inventory;
  const hosts = Object.fromEntries(Object.entries(inventory.hosts).map(([name, host]) => [name, change(host)]));
  return inventoryFromObject({ ...inventory, hosts }, 'host-key-inventory.json').resolveHosts('all');
}

function withoutPin(host: InventoryHost): InventoryHost {
  const { hostKey: _pinned, ...rest } = host;
  return rest;
}

t.test('host keys over the CLI and NETCONF ports: refused before authentication unless insecure is explicit', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-hostkey-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const stranger = generateHostKeys();
  const password = e2e.lab.inventory().hosts['cbr8-1']?.password;
  t.type(password, 'string', 'the lab inventory carries the password inline');

  const emptyKnownHosts = join(dir, 'empty_known_hosts');
  writeFileSync(emptyKnownHosts, '');
  const wrongKnownHosts = join(dir, 'wrong_known_hosts');
  const lines: string[] = [];
  // Another ed25519 key, the type the devices' own fingerprint is of: the client asks for it and gets the device's.
  const strangerKey = stranger.keys.find((k) => k.type === 'ssh-ed25519')!;
  const blob = Buffer.from(strangerKey.publicKey.split(' ')[1]!, 'base64');
  for (const name of NAMES) {
    const host = e2e.lab.inventory().hosts[name]!;
    lines.push(formatKnownHostLine(`[${host.host}]:${host.port}`, strangerKey.type, blob));
    lines.push(formatKnownHostLine(`[${host.host}]:${host.netconfPort}`, strangerKey.type, blob));
  }
  writeFileSync(wrongKnownHosts, `${lines.join('\n')}\n`);

  const cases = [
    { name: 'a pinned fingerprint of another key', reason: 'mismatch', hosts: hostsWith(e2e, (h) => ({ ...h, hostKey: stranger.fingerprint })) },
    { name: 'a known_hosts entry with another key', reason: 'mismatch', hosts: hostsWith(e2e, (h) => ({ ...withoutPin(h), knownHosts: wrongKnownHosts })) },
    { name: 'no pin, no known_hosts entry (strict by default)', reason: 'unknown', hosts: hostsWith(e2e, (h) => ({ ...withoutPin(h), knownHosts: emptyKnownHosts })) },
  ] as const;

  for (const c of cases) {
    for (const target of c.hosts) {
      const device = e2e.device(target.name);
      for (const transport of TRANSPORTS) {
        const where = `${target.name} over ${transport}, ${c.name}`;
        const before = { connections: device.authLog.connections, attempts: device.authLog.attempts };
        const error = await openDevice(target, { transport }).then(
          async (opened) => {
            await opened.close();
            return undefined;
          },
          (e: unknown) => e,
        );
        t.match(error, { code: 'E_HOSTKEY', reason: c.reason, presented: device.hostKeyFingerprint }, `${where}: E_HOSTKEY ${c.reason}`);
        if (c.reason === 'mismatch') t.match(error, { expected: stranger.fingerprint }, `${where}: naming the key expected`);
        t.notMatch(String((error as Error).message), String(password), `${where}: the password is not in the message`);
        t.equal(device.authLog.connections, before.connections + 1, `${where}: the device accepted the connection`);
        t.equal(device.authLog.attempts, before.attempts, `${where}: and received no authentication request`);
      }
    }
  }

  for (const transport of TRANSPORTS) {
    const [target] = hostsWith(e2e, (h) => ({ ...withoutPin(h), knownHosts: wrongKnownHosts, hostKeyPolicy: 'insecure' })).filter((h) => h.name === 'cbr8-1');
    const device = e2e.device('cbr8-1');
    const before = device.authLog.accepted;
    const capture = captureLogger();
    const opened = await openDevice(target!, { transport, logger: capture.logger });
    await opened.close();
    t.equal(device.authLog.accepted, before + 1, `insecure over ${transport}: connected and authenticated`);
    const warnings = capture.lines.map((l) => JSON.parse(l) as { level: number; msg: string; fingerprint?: string }).filter((l) => l.level === 40);
    t.equal(warnings.length, 1, `insecure over ${transport}: one warning`);
    t.match(warnings[0], { msg: /NOT verified/, fingerprint: device.hostKeyFingerprint }, `insecure over ${transport}: the warning names the key it did not verify`);
  }
});

t.test('through the fleet runner a host key refusal is tried once and reported once', async (t) => {
  const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
  const stranger = generateHostKeys();
  const inventory = e2e.lab.inventory() as Inventory;
  const hosts = Object.fromEntries(Object.entries(inventory.hosts).map(([name, host]) => [name, name === 'cbr8-1' ? { ...host, hostKey: stranger.fingerprint } : host]));
  const open = inventoryDeviceOpener(inventoryFromObject({ ...inventory, hosts }, 'fleet.json'));
  const before = NAMES.map((n) => ({ connections: e2e.device(n).authLog.connections, attempts: e2e.device(n).authLog.attempts }));
  const events: WorkflowEvent[] = await lastValueFrom(
    runFleet$([...NAMES], complianceWatch({ maxPolls: 1 }), { open, retry: { retries: 3, minTimeoutMs: 5, maxTimeoutMs: 20, jitter: 0 } }).pipe(toArray()),
  );
  const results = events.filter((e) => e.type === 'result');
  t.match(results.find((r) => r.device === 'cbr8-1')?.outcome, { status: 'failed', attempts: 1, error: { code: 'E_HOSTKEY', reason: 'mismatch' } }, 'the refused device: failed after one attempt');
  t.match(results.find((r) => r.device === 'ncs1004-1')?.outcome, { status: 'succeeded', attempts: 1 }, 'the other device is not affected');
  const refused = events.filter((e) => e.device === 'cbr8-1' && e.type === 'step' && e.status === 'failed');
  t.equal(refused.length, 1, 'one failed step for the refused device (its connect)');
  t.equal(events.filter((e) => e.device === 'cbr8-1' && e.type === 'step' && e.status === 'retrying').length, 0, 'no retry');
  const summary = events.find((e) => e.type === 'summary');
  t.match(summary, { summary: { failed: 1, succeeded: 1, errorCodes: { E_HOSTKEY: 1 } } });
  t.equal(e2e.device('cbr8-1').authLog.connections, before[0]!.connections + 1, 'one connection to the refused device');
  t.equal(e2e.device('cbr8-1').authLog.attempts, before[0]!.attempts, 'and no authentication request');
  t.equal(e2e.device('ncs1004-1').authLog.accepted > 0, true, 'the other device authenticated');
});
