import net from 'node:net';
import { startFleet } from '../../src/emulator/index.js';
import { rawSsh2Round } from '../session/raw-ssh2.js';
import { connect } from '../../src/driver/connect.js';
const fleet = await startFleet({ devices: 1, platform: 'ios-xe' });
const d = fleet.devices[0]!;
const rt = { host: d.host, port: d.port, username: 'admin', password: 'admin', hostKey: d.hostKeyFingerprint };
const log: string[] = [];
const orig = net.Socket.prototype.write;
(net.Socket.prototype as any).write = function (this: net.Socket, chunk: any, ...rest: any[]) { log.push(`${this.localPort === d.port ? 'S' : 'C'}${chunk.length}`); return (orig as any).call(this, chunk, ...rest); };
const variants = { raw: () => rawSsh2Round(rt, 'show version'), smartlic: async () => { const s = await connect({ host: d.host, port: d.port, username: 'admin', password: 'admin', hostKey: d.hostKeyFingerprint, platform: 'ios-xe' }); await s.send('show version'); await s.close(); } };
for (const [k, f] of Object.entries(variants)) { await f(); log.length = 0; await f(); await new Promise((r) => setTimeout(r, 50)); console.log(k, log.filter((x) => x[0] === 'S').length, 'server writes;', log.join(' ')); }
await fleet.close();
