import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';
import { connect } from '../../src/driver/connect.js';

const inv = '/tmp/bench-proto/inv.json';
const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'emulate', '--devices', '1', '--platform', 'ios-xe', '--inventory-out', inv, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((res) => child.stdout.on('data', (d) => { if (String(d).includes('ready')) res(); }));
const h = Object.values(JSON.parse(readFileSync(inv, 'utf8')).hosts)[0] as any;
const CMD = 'show version';
const promptRe = /(?:^|[\r\n])[\w.-]+[>#] ?$/;

function raw(): Promise<void> {
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('ready', () => {
      c.shell({ term: 'vt100', cols: 511, rows: 24 }, (err, ch) => {
        if (err) return reject(err);
        let buf = '';
        let step = 0;
        const cmds = ['terminal length 0\n', `${CMD}\n`];
        ch.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          if (promptRe.test(buf)) {
            buf = '';
            if (step < cmds.length) ch.write(cmds[step++]!);
            else { c.end(); }
          }
        });
      });
    });
    c.on('close', () => resolve());
    c.connect({ host: h.host, port: h.port, username: h.username, password: h.password }); if (process.env.NODELAY) c.setNoDelay(true);
  });
}
async function sl(): Promise<void> {
  const s = await connect({ ...h });
  await s.send(CMD);
  await s.close();
}
const t = async (f: () => Promise<void>) => { const a = performance.now(); await f(); return performance.now() - a; };
for (let i = 0; i < 3; i++) { await raw(); await sl(); }
const R: number[] = [], S: number[] = [];
for (let i = 0; i < 30; i++) { R.push(await t(raw)); S.push(await t(sl)); }
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
console.log('raw', med(R).toFixed(1), 'smartlic', med(S).toFixed(1), 'ratio', (med(S) / med(R)).toFixed(2));
child.kill('SIGTERM');
