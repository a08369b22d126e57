import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connectSsh } from '../../src/transport/ssh.js';
import { CliChannel } from '../../src/channel/cli/cli-channel.js';
import { getDialect } from '../../src/platforms/index.js';
import { rawSsh2Round } from '../session/raw-ssh2.js';

const inv = '/tmp/bench-proto/inv.json';
const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'emulate', '--devices', '1', '--platform', process.env.PLAT ?? 'ios-xe', '--inventory-out', inv, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((res) => child.stdout.on('data', (d) => { if (String(d).includes('ready')) res(); }));
const h = Object.values(JSON.parse(readFileSync(inv, 'utf8')).hosts)[0] as any;
const onOpen = process.env.ONOPEN === undefined ? undefined : process.env.ONOPEN.split(',').filter(Boolean);
async function sl(marks: Record<string, number[]>) {
  const t0 = performance.now();
  const mark = (k: string) => (marks[k] ??= []).push(performance.now() - t0);
  const c = await connectSsh({ host: h.host, port: h.port, username: h.username, password: h.password, hostKey: h.hostKey });
  mark('ssh');
  const s = await c.openShell();
  mark('shell');
  const ch = await CliChannel.open(s, { dialect: getDialect(h.platform), ...(onOpen ? { onOpen } : {}) });
  mark('open');
  await ch.send('show version');
  mark('send');
  await c.close();
  mark('close');
}
async function raw(marks: Record<string, number[]>) {
  const t0 = performance.now();
  await rawSsh2Round({ host: h.host, port: h.port, username: h.username, password: h.password, hostKey: h.hostKey }, 'show version');
  (marks['raw'] ??= []).push(performance.now() - t0);
}
for (let i = 0; i < 10; i++) { await sl({}); await raw({}); }
const marks: Record<string, number[]> = {};
for (let i = 0; i < 100; i++) { await sl(marks); await raw(marks); }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const [k, v] of Object.entries(marks)) console.log(k.padEnd(10), med(v).toFixed(2), 'min', Math.min(...v).toFixed(2));
child.kill('SIGTERM');
