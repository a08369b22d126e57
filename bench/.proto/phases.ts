import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import ssh2 from 'ssh2';

const inv = '/tmp/bench-proto/inv.json';
const child = spawn('npx', ['tsx', 'src/cli/main.ts', 'emulate', '--devices', '1', '--platform', process.env.PLAT ?? 'ios-xe', '--inventory-out', inv, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
await new Promise<void>((res) => child.stdout.on('data', (d) => { if (String(d).includes('ready')) res(); }));
const h = Object.values(JSON.parse(readFileSync(inv, 'utf8')).hosts)[0] as any;
const CMD = 'show version';
const promptRe = /(?:^|[\r\n])[\w.:/-]+[>#] ?$/;

function raw(marks: Record<string, number[]>): Promise<void> {
  const t0 = performance.now();
  const mark = (k: string) => (marks[k] ??= []).push(performance.now() - t0);
  return new Promise((resolve, reject) => {
    const c = new ssh2.Client();
    c.on('error', reject);
    c.on('handshake', () => mark('handshake'));
    c.on('ready', () => {
      mark('ready');
      c.shell({ term: 'vt100', cols: 511, rows: 24 }, (err, ch) => {
        if (err) return reject(err);
        mark('shell');
        let buf = '';
        let step = 0;
        const cmds = ['terminal length 0\n', `${CMD}\n`];
        ch.on('data', (d: Buffer) => {
          buf += d.toString('utf8');
          if (promptRe.test(buf)) {
            buf = '';
            mark('prompt' + step);
            if (step < cmds.length) ch.write(cmds[step++]!);
            else { c.end(); }
          }
        });
      });
    });
    c.on('close', () => { mark('close'); resolve(); });
    c.connect({ host: h.host, port: h.port, username: h.username, password: h.password });
    c.setNoDelay(true);
  });
}
for (let i = 0; i < 3; i++) await raw({});
const marks: Record<string, number[]> = {};
for (let i = 0; i < 30; i++) await raw(marks);
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const [k, v] of Object.entries(marks)) console.log(k.padEnd(10), med(v).toFixed(1));
child.kill('SIGTERM');
