/**
 * The baseline: what a competent minimal script does with ssh2 directly. Connect with a password (the host key
 * checked against the pinned fingerprint, as smartlic does), a shell on a pty, wait for the prompt,
 * `terminal length 0`, the command, wait for the prompt, close. Nagle is off, as any interactive client sets it;
 * nothing else is tuned and nothing is deliberately slow.
 */
import { createHash } from 'node:crypto';
import ssh2 from 'ssh2';

export interface RawTarget {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly password: string;
  /** `SHA256:<base64>` as the inventory pins it. */
  readonly hostKey: string;
}

/** A prompt at the end of the output: `Router#`, `Router>`, `RP/0/RP0/CPU0:ios#`. */
const PROMPT_AT_END = /(?:^|[\r\n])[\w.:/-]+(?:\([\w.-]+\))?[>#] ?$/;

/** One round; resolves with the text the device sent for the command (echo, output and prompt). */
export function rawSsh2Round(target: RawTarget, command: string, timeoutMs = 30_000): Promise<string> {
  return new Promise((resolve, reject) => {
    const client = new ssh2.Client();
    const lines = ['terminal length 0', command];
    let output = '';
    let failed: Error | null = null;
    const fail = (error: Error): void => {
      failed ??= error;
      client.destroy();
    };
    const timer = setTimeout(() => fail(new Error(`raw ssh2: no answer within ${timeoutMs} ms`)), timeoutMs);
    client.on('error', fail);
    client.on('close', () => {
      clearTimeout(timer);
      if (failed !== null) reject(failed);
      else resolve(output);
    });
    client.on('ready', () => {
      client.shell({ term: 'vt100', cols: 511, rows: 24 }, (error, channel) => {
        if (error) return fail(error);
        let buffer = '';
        channel.on('data', (chunk: Buffer) => {
          buffer += chunk.toString('utf8');
          if (!PROMPT_AT_END.test(buffer.slice(-256))) return;
          const next = lines.shift();
          if (next !== undefined) {
            buffer = '';
            channel.write(`${next}\n`);
          } else {
            output = buffer;
            client.end();
          }
        });
      });
    });
    client.connect({
      host: target.host,
      port: target.port,
      username: target.username,
      password: target.password,
      hostVerifier: (key: Buffer) => `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}` === target.hostKey,
    });
    client.setNoDelay(true);
  });
}
