import { CliChannel } from '../../src/channel/cli/cli-channel.js';
import { ByteStreamSource } from '../../src/transport/byte-stream.js';
import { iosXe } from '../../src/platforms/index.js';

const body = Array.from({ length: 40 }, (_, i) => `Line ${i} of show version output with some text, cisco cBR-8 (${i}) processor`).join('\r\n');
class Echo extends ByteStreamSource {
  readonly label = 'echo';
  constructor() { super('x'); setImmediate(() => this.pushData(Buffer.from('\r\nRouter#'))); }
  protected writeBytes(bytes: Buffer): void {
    const lines = bytes.toString('utf8').split('\n').filter(Boolean);
    let out = '';
    for (const l of lines) out += l === 'show version' ? `${l}\r\n${body}\r\nRouter#` : `${l}\r\nRouter#`;
    setImmediate(() => this.pushData(Buffer.from(out)));
  }
  protected closeTransport(): void { setImmediate(() => this.finish({ by: 'local' })); }
}
const N = Number(process.env.N ?? 5000);
const round = async () => { const c = await CliChannel.open(new Echo(), { dialect: iosXe }); await c.send('show version'); await c.close(); };
for (let i = 0; i < 500; i++) await round();
const cpu = process.cpuUsage(); const t = performance.now();
for (let i = 0; i < N; i++) await round();
const u = process.cpuUsage(cpu);
console.log('cpu us/round', ((u.user + u.system) / N).toFixed(1), 'wall us/round', ((performance.now() - t) * 1000 / N).toFixed(1));
