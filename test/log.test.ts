import t from 'tap';
import { Writable } from 'node:stream';
import { createLogger } from '../src/log.js';
import { Secret } from '../src/secret.js';

function capture(): { lines: string[]; stream: Writable & { write(s: string): boolean } } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, stream };
}

t.test('log lines never carry a secret', async (t) => {
  const token = new Secret('LOGTOKEN-0123456789');
  const { lines, stream } = capture();
  const log = createLogger({ level: 'debug', destination: stream });
  log.info(`sending license smart register idtoken ${token.reveal()}`);
  log.debug({ token, nested: { text: `echo ${token.reveal()}` } }, 'object form');
  log.child({ device: 'r1', secret: token }).warn('child');
  log.error({ err: new Error(`failed with ${token.reveal()}`) }, 'error form');
  const all = lines.join('');
  t.equal(lines.length, 4);
  t.notMatch(all, /LOGTOKEN/);
  t.match(all, /\*\*\*/);
  t.match(all, /"device":"r1"/);
});

t.test('level filters', async (t) => {
  const { lines, stream } = capture();
  const log = createLogger({ level: 'warn', destination: stream });
  log.info('hidden');
  log.warn('shown');
  t.equal(lines.length, 1);
  t.match(lines[0], /shown/);
});
