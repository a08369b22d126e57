/**
 * `smartlic emulate` in-process and `startFleet`: the inventory is written (DESIGN.md "Contracts" shape, with the
 * CSSM emulator's entry) before "ready", the devices answer SSH, CSSM answers OAuth and device call homes (through
 * the proxy when asked), the verb stops everything cleanly on abort; bad input exits 2.
 */
import t from 'tap';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse as parseYaml } from 'yaml';
import { commands } from '../../../src/cli/commands/index.js';
import { runCli, type CliIo } from '../../../src/cli/program.js';
import type { Inventory } from '../../../src/inventory/types.js';
import { startFleet } from '../../../src/emulator/index.js';
import { openShell } from './helpers/cli-client.js';

function io(cwd: string, signal?: AbortSignal): { io: CliIo; out: () => string; err: () => string; waitFor: (re: RegExp) => Promise<void> } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  const waiters: (() => void)[] = [];
  stdout.on('data', (d: Buffer) => {
    out += d.toString();
    for (const w of waiters.splice(0)) w();
  });
  stderr.on('data', (d: Buffer) => (err += d.toString()));
  return {
    io: { stdout, stderr, stdin: new PassThrough(), env: {}, cwd, ...(signal === undefined ? {} : { signal }) },
    out: () => out,
    err: () => err,
    waitFor: async (re) => {
      const deadline = Date.now() + 60_000;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; stdout ${JSON.stringify(out)}`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 1000);
          waiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });
      }
    },
  };
}

t.test('emulate writes the inventory, prints ready, serves SSH, stops on abort', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-emulate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const controller = new AbortController();
  const cli = io(dir, controller.signal);
  const done = runCli(['emulate', '--devices', '3', '--platform', 'mixed', '--inventory-out', 'inv.json'], cli.io, commands);
  await cli.waitFor(/^ready: 3 device\(s\)/m);
  const file = join(dir, 'inv.json');
  t.ok(existsSync(file), 'inventory written before ready');
  const inventory = JSON.parse(readFileSync(file, 'utf8')) as Inventory;
  t.same(Object.keys(inventory.hosts), ['cbr8-1', 'ncs560-1', 'ncs1004-1']);
  t.same(inventory.groups, { cbr8: ['cbr8-1'], ncs560: ['ncs560-1'], ncs1004: ['ncs1004-1'] });
  t.same(inventory.vars, {});
  t.same(Object.keys(inventory.cssm ?? {}), ['url', 'clientId', 'clientSecret', 'smartAccount', 'virtualAccount', 'caPem']);
  t.match(inventory.cssm, { url: /^http:\/\/127\.0\.0\.1:\d+$/, clientId: 'smartlic-emulator', clientSecret: /^\S{16,}$/, smartAccount: /\./, virtualAccount: 'Default' });
  t.match(cli.out(), new RegExp(`\\ncssm +${(inventory.cssm?.url ?? '').replace(/\./g, '\\.')}  https://127\\.0\\.0\\.1:\\d+  \\(account `));
  const cssmUrl = inventory.cssm?.url ?? '';
  const oauth = await fetch(`${cssmUrl}/oauth2/default/v1/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: inventory.cssm?.clientId ?? '', client_secret: String(inventory.cssm?.clientSecret) }),
  });
  t.equal(oauth.status, 200, 'the CSSM emulator of the inventory issues API tokens');
  const host = inventory.hosts['ncs1004-1'];
  t.match(host, { host: '127.0.0.1', platform: 'ios-xr', model: 'NCS-1004', username: 'admin', password: 'admin' });
  t.match(host?.hostKey ?? '', /^SHA256:[A-Za-z0-9+/]{43}$/);
  t.equal(typeof host?.netconfPort, 'number', 'each host carries its NETCONF port');
  t.match(cli.out(), new RegExp(`\\nncs1004-1 +ios-xr +NCS-1004 +127\\.0\\.0\\.1:${host?.port}  netconf ${host?.netconfPort}  SHA256:`));
  const shell = await openShell(host?.port ?? 0);
  t.equal(await shell.prompt(), 'RP/0/RP0/CPU0:ios#');
  shell.close();
  // The cBR-8's Smart Agent registers through the CSSM emulator once DNS is configured (CiscoTAC-1 is on by default).
  const { CssmClient } = await import('../../../src/cssm/client.js');
  const { loadInventory } = await import('../../../src/inventory/load.js');
  const account = (await loadInventory(file)).cssm;
  if (account === undefined) throw new Error('no cssm entry');
  const cssm = CssmClient.fromAccount(account);
  const token = (await cssm.createToken({ description: 'emulate test' })).token;
  const xe = await openShell(inventory.hosts['cbr8-1']?.port ?? 0);
  t.match(await xe.cmd('show license status'), /Registration:\n {2}Status: UNREGISTERED\n/);
  await xe.cmd('configure terminal');
  await xe.cmd('ip name-server 198.51.100.1');
  await xe.cmd('end');
  t.match(await xe.cmd(`license smart register idtoken ${token.reveal()}`), /Registration process is in progress/);
  let status = '';
  for (let i = 0; i < 100 && !/Status: REGISTERED\n/.test(status); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await xe.cmd('show license status');
  }
  t.match(status, /Status: REGISTERED\n[\s\S]*Status: AUTHORIZED on /, 'registered and authorized through CSSM');
  xe.close();
  const instances = await cssm.listProductInstances();
  t.same(instances.map((i) => i.hostname), ['Router'], 'CSSM holds the product instance');
  controller.abort(new Error('SIGTERM'));
  t.equal(await done, 0);
  t.match(cli.out(), /stopped \(SIGTERM\)\n$/);
  const refused = await openShell(host?.port ?? 0).then(
    () => 'connected',
    (e: Error) => e.message,
  );
  t.match(refused, /ECONNREFUSED/, 'the devices are closed');
  const cssmGone = await fetch(`${cssmUrl}/oauth2/default/v1/token`, { method: 'POST' }).then(
    () => 'answered',
    (e: Error) => String((e.cause as Error | undefined)?.message ?? e.message),
  );
  t.match(cssmGone, /ECONNREFUSED/, 'the CSSM emulator is closed');
});

t.test('emulate --proxy --require-proxy --time-scale --on-prem-host: device call homes reach CSSM through the proxy', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-emulate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const controller = new AbortController();
  const cli = io(dir, controller.signal);
  const done = runCli(
    ['emulate', '--devices', '1', '--platform', 'ios-xr', '--models', 'NCS-1004', '--proxy', '--require-proxy', '--on-prem-host', 'satellite.example.net', '--time-scale', '1440', '--json'],
    cli.io,
    commands,
  );
  await cli.waitFor(/"event":"ready"/);
  const ready = JSON.parse(cli.out().split('\n')[0] ?? '{}') as {
    cssm: { url: string; httpsUrl: string };
    proxy: { url: string; deviceAddress: string; required: boolean };
    timeScale: number;
    inventory: Inventory;
  };
  t.equal(ready.timeScale, 1440);
  t.match(ready.proxy, { url: /^http:\/\/127\.0\.0\.1:\d+$/, deviceAddress: '198.51.100.10 port 3128', required: true });
  t.equal(ready.cssm.url, ready.inventory.cssm?.url);
  t.match(ready.cssm.httpsUrl, /^https:\/\/127\.0\.0\.1:\d+$/);
  // The device's call home: CONNECT satellite.example.net:443 through the proxy, TLS with the inventory's CA.
  const { request } = await import('node:http');
  const { connect: tlsConnect } = await import('node:tls');
  const proxy = new URL(ready.proxy.url);
  const tunnel = await new Promise<import('node:stream').Duplex>((resolve, reject) => {
    const req = request({ host: proxy.hostname, port: Number(proxy.port), method: 'CONNECT', path: 'satellite.example.net:443', headers: { host: 'satellite.example.net:443' } });
    req.once('connect', (res, socket) => (res.statusCode === 200 ? resolve(socket) : reject(new Error(`CONNECT ${res.statusCode}`))));
    req.once('error', reject);
    req.end();
  });
  const secure = tlsConnect({ socket: tunnel, servername: 'satellite.example.net', ca: ready.inventory.cssm?.caPem ?? '' });
  await new Promise<void>((resolve, reject) => {
    secure.once('secureConnect', () => resolve());
    secure.once('error', reject);
  });
  t.ok(secure.authorized, 'the on-prem name is in the CSSM certificate, signed by the inventory CA');
  secure.destroy();
  controller.abort(new Error('SIGTERM'));
  t.equal(await done, 0);
});

t.test('emulate --json and YAML inventories', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-emulate-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const controller = new AbortController();
  const cli = io(dir, controller.signal);
  const { generateHostKeys } = await import('../../../src/emulator/index.js');
  const key = generateHostKeys({ ed25519: false }).keys[0];
  writeFileSync(join(dir, 'host.pem'), key?.privateKey ?? '');
  const done = runCli(
    ['emulate', '--devices', '2', '--platform', 'ios-xr', '--models', 'NCS-1004', '--inventory-out', 'inv.yaml', '--host-key', 'host.pem', '--json'],
    cli.io,
    commands,
  );
  await cli.waitFor(/"event":"ready"/);
  const ready = JSON.parse(cli.out().split('\n')[0] ?? '{}') as { event: string; devices: number; inventory: Inventory; inventoryFile: string };
  t.equal(ready.devices, 2);
  t.same(Object.keys(ready.inventory.hosts), ['ncs1004-1', 'ncs1004-2']);
  t.same(parseYaml(readFileSync(join(dir, 'inv.yaml'), 'utf8')), ready.inventory, 'YAML file = the printed inventory');
  t.equal(ready.inventory.hosts['ncs1004-1']?.hostKey, key?.fingerprint, 'the host key came from the file');
  controller.abort(new Error('SIGINT'));
  t.equal(await done, 0);
  t.same(JSON.parse(cli.out().trim().split('\n').pop() ?? '{}'), { event: 'stopped', reason: 'SIGINT' });
});

t.test('emulate refuses bad input with exit code 2 and --help describes the options', async (t) => {
  for (const args of [
    ['--devices', '0'],
    ['--devices', 'many'],
    ['--platform', 'junos'],
    ['--platform', 'ios-xe', '--models', 'NCS-560'],
    ['--models', 'ASR-9000'],
    ['--base-port', '70000'],
    ['--host-key', '/nonexistent/key.pem'],
    ['--time-scale', '0'],
    ['--time-scale', 'fast'],
    ['--on-prem-host', 'not a host'],
    ['--cssm-port', '70000'],
  ]) {
    const cli = io(tmpdir());
    t.equal(await runCli(['emulate', ...args], cli.io, commands), 2, args.join(' '));
    t.match(cli.err(), /^smartlic: E_INVALID_ARGUMENT: invalid \S/, args.join(' '));
  }
  const help = io(tmpdir());
  t.equal(await runCli(['emulate', '--help'], help.io, commands), 0);
  for (const option of [
    '--devices <n>',
    '--platform <platform>',
    '--models <list>',
    '--inventory-out <file>',
    '--host-key <file...>',
    '--time-scale <n>',
    '--proxy',
    '--require-proxy',
    '--on-prem-host <host...>',
    '--cssm-port <port>',
    'http-proxy 198.51.100.10 port 3128',
    '"cssm" entry',
    '--json',
    'SIGINT or SIGTERM',
  ]) {
    t.match(help.out(), option);
  }
});

t.test('startFleet: models cycle, serials unique, one host key, ports from basePort', async (t) => {
  // A free block of ports is found by trying (bounded): other test files bind ports in parallel.
  let fleet: Awaited<ReturnType<typeof startFleet>> | undefined;
  let base = 0;
  for (let attempt = 0; attempt < 10 && fleet === undefined; attempt++) {
    base = 20_000 + Math.floor(Math.random() * 30_000);
    fleet = await startFleet({ devices: 6, platform: 'mixed', basePort: base }).catch((e: Error) => {
      if (!/EADDRINUSE/.test(e.message)) throw e;
      return undefined;
    });
  }
  if (fleet === undefined) throw new Error('no free block of 6 ports found');
  const started = fleet;
  t.teardown(() => started.close());
  t.same(
    started.devices.map((d) => [d.name, d.model, d.port - base]),
    [
      ['cbr8-1', 'cBR-8', 0],
      ['ncs560-1', 'NCS-560', 1],
      ['ncs1004-1', 'NCS-1004', 2],
      ['cbr8-2', 'cBR-8', 3],
      ['ncs560-2', 'NCS-560', 4],
      ['ncs1004-2', 'NCS-1004', 5],
    ],
  );
  t.equal(new Set(started.devices.map((d) => d.identity.serial)).size, 6);
  t.ok(started.devices.every((d) => /^(?:FXS|FOX|CAT)\d{4}[A-Z0-9]{4}$/.test(d.identity.serial)));
  t.equal(new Set(started.devices.map((d) => d.hostKeyFingerprint)).size, 1);
  t.equal(started.device('ncs560-2')?.identity.pid, 'NCS560-4');
  await t.rejects(startFleet({ devices: 1, platform: 'mixed', basePort: base }), /EADDRINUSE/, 'a taken port fails the start');
});
