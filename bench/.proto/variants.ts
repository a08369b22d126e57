import { startEmulatorProcess } from '../session/emulator-process.js';
import { rawSsh2Round } from '../session/raw-ssh2.js';
import { connect } from '../../src/driver/connect.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { inventoryFromObject } from '../../src/inventory/load.js';

const emu = await startEmulatorProcess({ platform: 'ios-xe' });
const host = inventoryFromObject(emu.inventory, emu.inventoryFile).resolveHosts('all')[0]!;
const rt = { host: host.host, port: host.port, username: host.username, password: host.password!.reveal(), hostKey: host.hostKey! };
const PROMPT = /(?:^|[\r\n])[\w.:/-]+(?:\([\w.-]+\))?[>#] ?$/;
const variants: Record<string, () => Promise<unknown>> = {
  raw: () => rawSsh2Round(rt, 'show version'),
  transport: async () => {
    const c = await connectSsh({ host: host.host, port: host.port, username: host.username, password: host.password!, hostKey: host.hostKey! });
    const s = await c.openShell();
    await new Promise<void>((resolve) => {
      let buf = ''; const lines = ['terminal length 0', 'show version'];
      s.onData((d) => { buf += d.toString('utf8'); if (!PROMPT.test(buf.slice(-256))) return; const n = lines.shift(); if (n !== undefined) { buf = ''; s.write(`${n}\n`); } else resolve(); });
    });
    await c.close();
  },
  smartlic: async () => { const s = await connect(host); await s.send('show version'); await s.close(); },
  smartlic1: async () => { const s = await connect(host, { onOpen: ['terminal length 0'] }); await s.send('show version'); await s.close(); },
  raw2: () => rawSsh2Round(rt, 'show version'),
};
const N = Number(process.env.N ?? 200);
for (let i = 0; i < 20; i++) for (const f of Object.values(variants)) await f();
const cpu: Record<string, number> = {}; const wall: Record<string, number[]> = {};
for (let i = 0; i < N; i++) for (const [k, f] of Object.entries(variants)) {
  const c = process.cpuUsage(); const t = performance.now();
  await f();
  (wall[k] ??= []).push(performance.now() - t);
  const u = process.cpuUsage(c); cpu[k] = (cpu[k] ?? 0) + u.user + u.system;
}
for (const k of Object.keys(variants)) { const w = wall[k]!.sort((a, b) => a - b); console.log(k.padEnd(10), 'cpu', (cpu[k]! / N / 1000).toFixed(3), 'wall med', w[N >> 1]!.toFixed(2), 'p25', w[N >> 2]!.toFixed(2)); }
await emu.stop();
