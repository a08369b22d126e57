/**
 * An ssh2 Server on 127.0.0.1:0 whose shell plays a device transcript (the device side of
 * src/channel/cli/scripted-stream.ts): each step waits for the exact client bytes, then writes the device's reply.
 * Lets driver tests run over real SSH without the emulator.
 */
import type { AddressInfo } from 'node:net';
import ssh2 from 'ssh2';
import type { Connection, ServerChannel } from 'ssh2';
import type { TranscriptStep } from '../../../src/channel/cli/scripted-stream.js';
import { fingerprintOf } from '../../../src/transport/fingerprint.js';
import { generateHostKey } from '../../transport/helpers/ssh-server.js';

export interface TranscriptServer {
  readonly port: number;
  readonly fingerprint: string;
  /** Per shell session: null when it followed the transcript, else why it stopped. */
  readonly mismatches: Array<string | null>;
  close(): Promise<void>;
}

function play(channel: ServerChannel, steps: readonly TranscriptStep[], report: (m: string | null) => void): void {
  let next = 0;
  let input = '';
  let done = false;
  const finish = (m: string | null): void => {
    if (done) return;
    done = true;
    report(m);
  };
  const advance = (): void => {
    while (!done) {
      const step = steps[next];
      if (step === undefined) {
        if (input.length > 0) finish(`unexpected input after the script: ${JSON.stringify(input)}`);
        return;
      }
      if (step.client !== undefined) {
        if (!input.startsWith(step.client)) {
          if (!step.client.startsWith(input)) {
            finish(`step ${next + 1}: expected ${JSON.stringify(step.client)}, got ${JSON.stringify(input)}`);
            channel.close();
          }
          return;
        }
        input = input.slice(step.client.length);
      }
      next++;
      const reply = step.device === undefined ? '' : typeof step.device === 'string' ? step.device : step.device.join('');
      if (reply) channel.write(reply);
      if (step.close) {
        channel.close();
        finish(null);
        return;
      }
      if (next === steps.length && input.length === 0) finish(null);
    }
  };
  channel.on('data', (d: Buffer) => {
    input += d.toString('utf8');
    advance();
  });
  channel.on('close', () => finish(next === steps.length ? null : `closed at step ${next + 1} of ${steps.length}`));
  advance();
}

export async function startTranscriptServer(
  steps: readonly TranscriptStep[],
  users: Readonly<Record<string, string>> = { admin: 'admin' },
): Promise<TranscriptServer> {
  const hostKey = generateHostKey();
  const parsed = ssh2.utils.parseKey(hostKey);
  if (parsed instanceof Error) throw parsed;
  const mismatches: Array<string | null> = [];
  const connections: Connection[] = [];
  const server = new ssh2.Server({ hostKeys: [hostKey] }, (client) => {
    connections.push(client);
    // Like a real device's TCP stack: no Nagle delay on small interactive writes.
    (client as unknown as { _sock?: { setNoDelay?: (v: boolean) => void } })._sock?.setNoDelay?.(true);
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      if (ctx.method === 'password' && users[ctx.username] !== undefined && users[ctx.username] === ctx.password) return ctx.accept();
      return ctx.reject(['password']);
    });
    client.on('session', (accept) => {
      const session = accept();
      session.on('pty', (ok) => ok?.());
      session.on('shell', (ok) => {
        const index = mismatches.push('running') - 1;
        play(ok(), steps, (m) => {
          mismatches[index] = m;
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.address() as AddressInfo).port,
    fingerprint: fingerprintOf(parsed.getPublicSSH()),
    mismatches,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of connections) c.end();
        server.close(() => resolve());
      }),
  };
}
