import ssh2 from 'ssh2';
import { createHash } from 'node:crypto';
import { startEmulatorProcess } from '../session/emulator-process.js';
import { connectSsh } from '../../src/transport/ssh.js';
import { CliChannel } from '../../src/channel/cli/cli-channel.js';
import { getDialect } from '../../src/platforms/index.js';
import { inventoryFromObject } from '../../src/inventory/load.js';

const emu = await startEmulatorProcess({ platform: 'ios-xe' });
const h = inventoryFromObject(emu.inventory, emu.inventoryFile).resolveHosts('all')[0]!;
const pw = h.password!.reveal();
const onOpen = process.env.ONOPEN === undefined ? undefined : process.env.ONOPEN.split(',').filter(Boolean);
const PROMPT = /(?:^|[\r\n])[\w.:/-]+(?:\([\w.-]+\))?[>#] ?$/;
type M = Record<string, number[]>;
async function sl(marks: M) {
  const t0 = performance.now();
  const mark = (k: string) => (marks['S ' + k] ??= []).push(performance.now() - t0);
  const c = await connectSsh({ host: h.host, port: h.port, username: h.username, password: pw, hostKey: h.hostKey! });
  mark('1 ready');
  const s = await c.openShell();
  mark('2 shell');
  const ch = await CliChannel.open(s, { dialect: getDialect('ios-xe'), ...(onOpen ? { onOpen } : {}) });
  mark('3 open');
  await ch.send('show version');
  mark('4 send');
  await c.close();
  mark('5 close');
}
function raw(marks: M): Promise<void> {
  const t0 = performance.now();
  const mark = (k: string) => (marks['R ' + k] ??= []).push(performance.now() - t0);
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('ready', () => {
      mark('1 ready');
      c.shell({ term: 'vt100', cols: 511, rows: 24 }, (err, ch) => {
        if (err) return reject(err);
        mark('2 shell');
        let buf = '';
        const cmds = ['terminal length 0\n', 'show version\n'];
        let step = 0;
        ch.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          if (PROMPT.test(buf.slice(-256))) {
            buf = '';
            if (step === 2) mark('3 open');
            if (step < cmds.length) ch.write(cmds[step++]!);
            else { mark('4 send'); c.end(); }
          }
        });
      });
    });
    c.on('close', () => { mark('5 close'); resolve(); });
    c.connect({ host: h.host, port: h.port, username: h.username, password: pw, hostVerifier: (key: Buffer) => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` === h.hostKey });
    c.setNoDelay(true);
  });
}
for (let i = 0; i < 20; i++) { await sl({}); await raw({}); }
const marks: M = {};
for (let i = 0; i < Number(process.env.N ?? 200); i++) { if (i % 2) { await sl(marks); await raw(marks); } else { await raw(marks); await sl(marks); } }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const k of Object.keys(marks).sort()) console.log(k.padEnd(10), med(marks[k]!).toFixed(2), 'p25', [...marks[k]!].sort((a, b) => a - b)[marks[k]!.length >> 2]!.toFixed(2));
await emu.stop();
