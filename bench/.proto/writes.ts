import net from 'node:net';
import { startEmulatorProcess } from '../session/emulator-process.js';
import { rawSsh2Round } from '../session/raw-ssh2.js';
import { connect } from '../../src/driver/connect.js';
import { inventoryFromObject } from '../../src/inventory/load.js';

const emu = await startEmulatorProcess({ platform: 'ios-xe' });
const host = inventoryFromObject(emu.inventory, emu.inventoryFile).resolveHosts('all')[0]!;
const rt = { host: host.host, port: host.port, username: host.username, password: host.password!.reveal(), hostKey: host.hostKey! };
let writes: number[] = [];
const orig = net.Socket.prototype.write;
(net.Socket.prototype as any).write = function (this: net.Socket, chunk: any, ...rest: any[]) { writes.push(chunk.length); return (orig as any).call(this, chunk, ...rest); };
let reads = 0;
for (const [name, f] of [['raw', () => rawSsh2Round(rt, 'show version')], ['smartlic', async () => { const s = await connect(host); await s.send('show version'); await s.close(); }]] as const) {
  await f(); writes = [];
  await f();
  console.log(name, writes.length, 'writes', writes.join(','));
}
await emu.stop();
