import { Session as InspectorSession } from 'node:inspector/promises';
import { writeFileSync } from 'node:fs';
import { startEmulatorProcess } from '../session/emulator-process.js';
import { rawSsh2Round } from '../session/raw-ssh2.js';
import { connect } from '../../src/driver/connect.js';
import { inventoryFromObject } from '../../src/inventory/load.js';

const emu = await startEmulatorProcess({ platform: 'ios-xe' });
const host = inventoryFromObject(emu.inventory, emu.inventoryFile).resolveHosts('all')[0]!;
const rt = { host: host.host, port: host.port, username: host.username, password: host.password!.reveal(), hostKey: host.hostKey! };
const sl = async () => { const s = await connect(host); await s.send('show version'); await s.close(); };
const raw = async () => { await rawSsh2Round(rt, 'show version'); };
const N = Number(process.env.N ?? 300);
for (let i = 0; i < 20; i++) { await sl(); await raw(); }
for (const [name, f] of [['raw', raw], ['smartlic', sl]] as const) {
  const ins = new InspectorSession(); ins.connect();
  await ins.post('Profiler.enable'); await ins.post('Profiler.setSamplingInterval', { interval: 50 }); await ins.post('Profiler.start');
  const cpu = process.cpuUsage();
  for (let i = 0; i < N; i++) await f();
  const u = process.cpuUsage(cpu);
  const { profile } = await ins.post('Profiler.stop') as any;
  writeFileSync(`/tmp/benchout/${name}.cpuprofile`, JSON.stringify(profile));
  console.log(name, 'cpu ms/round', ((u.user + u.system) / 1000 / N).toFixed(3));
  ins.disconnect();
}
await emu.stop();
