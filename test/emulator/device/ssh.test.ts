/**
 * The SSH side of emulated devices: host keys and their `ssh-keygen -lf` fingerprints, password /
 * keyboard-interactive / public-key authentication, auth failures, subsystem dispatch, loading keys from files.
 */
import t from 'tap';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ssh2 from 'ssh2';
import { generateHostKeys, loadHostKeys, startDevice } from '../../../src/emulator/index.js';
import { generateEd25519 } from '../../transport/helpers/ssh-server.js';
import { connect, openShell } from './helpers/cli-client.js';

const hostKeys = generateHostKeys();

function fingerprint(key: Buffer): string {
  return `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
}


async function presentedKey(port: number, algorithms?: string[]): Promise<Buffer> {
  let seen: Buffer | undefined;
  const client = await connect(port, {
    connect: {
      hostVerifier: (key: Buffer) => {
        seen = key;
        return true;
      },
      ...(algorithms === undefined ? {} : { algorithms: { serverHostKey: algorithms as ssh2.ServerHostKeyAlgorithm[] } }),
    },
  });
  client.end();
  if (seen === undefined) throw new Error('no host key seen');
  return seen;
}

t.test('fingerprints are SHA256:<unpadded base64> of the key clients receive (ed25519 by default, RSA on request)', async (t) => {
  const device = await startDevice({ model: 'cBR-8' }, { hostKeys });
  t.teardown(() => device.close());
  t.match(device.hostKeyFingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/);
  t.equal(fingerprint(await presentedKey(device.port)), device.hostKeyFingerprint, 'default negotiation');
  const rsa = await presentedKey(device.port, ['rsa-sha2-256']);
  t.equal(rsa.subarray(4, 11).toString(), 'ssh-rsa');
  t.ok(device.hostKeyFingerprints.includes(fingerprint(rsa)), 'the RSA key is listed too');
  t.equal(device.hostKeyFingerprints.length, 2);
});

t.test('host keys load from files (PEM RSA, OpenSSH ed25519)', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-hostkey-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const rsaPath = join(dir, 'rsa.pem');
  writeFileSync(rsaPath, hostKeys.keys[0]?.privateKey ?? '');
  const loaded = loadHostKeys([rsaPath]);
  t.equal(loaded.fingerprint, hostKeys.keys[0]?.fingerprint);
  const device = await startDevice({ model: 'NCS-560' }, { hostKeys: loaded });
  t.teardown(() => device.close());
  t.equal(fingerprint(await presentedKey(device.port)), loaded.fingerprint);
  t.throws(() => loadHostKeys([join(dir, 'missing.pem')]), /cannot read/);
  writeFileSync(join(dir, 'junk'), 'not a key');
  t.throws(() => loadHostKeys([join(dir, 'junk')]), /host key/);
});

t.test('password, keyboard-interactive and public-key authentication; failures are refused', async (t) => {
  const userKey = generateEd25519();
  const otherKey = generateEd25519();
  const device = await startDevice(
    {
      model: 'NCS-1004',
      users: [
        { username: 'admin', password: 'Cisco123!' },
        { username: 'robot', publicKeys: [userKey.public] },
      ],
    },
    { hostKeys },
  );
  t.teardown(() => device.close());

  const pw = await openShell(device.port, { password: 'Cisco123!' });
  t.equal(await pw.prompt(), 'RP/0/RP0/CPU0:ios#');
  pw.close();

  const key = await openShell(device.port, { username: 'robot', privateKey: userKey.private });
  t.equal(await key.prompt(), 'RP/0/RP0/CPU0:ios#');
  key.close();

  const kbdClient = new ssh2.Client();
  const kbdReady = new Promise<boolean>((resolve) => {
    kbdClient.on('ready', () => resolve(true)).on('error', () => resolve(false));
    kbdClient.on('error', () => undefined);
    kbdClient.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => {
      t.same(prompts.map((p) => p.prompt), ['Password: ']);
      finish(['Cisco123!']);
    });
    kbdClient.connect({ host: '127.0.0.1', port: device.port, username: 'admin', tryKeyboard: true, authHandler: ['keyboard-interactive'] as unknown as ssh2.AuthenticationType[] });
  });
  t.equal(await kbdReady, true, 'keyboard-interactive with the password works');
  kbdClient.end();

  for (const [label, options] of [
    ['wrong password', { password: 'nope' }],
    ['unknown user', { username: 'mallory', password: 'Cisco123!' }],
    ['key not authorised', { username: 'robot', privateKey: otherKey.private }],
  ] as const) {
    const result = await connect(device.port, options).then(
      (c) => {
        c.end();
        return 'connected';
      },
      (e: Error) => e.message,
    );
    t.match(result, /authentication methods failed/i, label);
  }
});

t.test('subsystems go to registered handlers (also on netconfPort); unknown ones are refused', async (t) => {
  const device = await startDevice(
    { model: 'NCS-560' },
    {
      hostKeys,
      subsystems: {
        netconf: (channel, session) => {
          channel.write(`hello ${session.username} on ${session.port} from ${session.device.name}\n`);
          channel.on('data', (d: Buffer) => channel.write(`echo:${d.toString()}`));
        },
      },
    },
  );
  t.teardown(() => device.close());
  t.ok(device.netconfPort !== undefined && device.netconfPort !== device.port, 'a second port for NETCONF');
  for (const port of [device.port, device.netconfPort ?? 0]) {
    const client = await connect(port);
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) => client.subsys('netconf', (e: Error | undefined, s: ssh2.ClientChannel) => (e ? reject(e) : resolve(s))));
    let text = '';
    const got = new Promise<void>((resolve) => {
      stream.on('data', (d: Buffer) => {
        text += d.toString();
        if (text.includes('echo:ping')) resolve();
      });
    });
    stream.write('ping');
    await got;
    t.equal(text, `hello admin on ${port} from ${device.name}\necho:ping`);
    const refused = await new Promise<Error | undefined>((resolve) => client.subsys('sftp', (e: Error | undefined) => resolve(e)));
    t.type(refused, Error, 'unknown subsystem refused');
    client.end();
  }
  const unregister = device.registerSubsystem('echo', (channel) => channel.end('bye\n'));
  const client = await connect(device.port);
  const echoed = await new Promise<string>((resolve, reject) =>
    client.subsys('echo', (e: Error | undefined, s: ssh2.ClientChannel) => {
      if (e) return reject(e);
      let out = '';
      s.on('data', (d: Buffer) => (out += d.toString()));
      s.on('close', () => resolve(out));
    }),
  );
  t.equal(echoed, 'bye\n');
  unregister();
  const gone = await new Promise<Error | undefined>((resolve) => client.subsys('echo', (e: Error | undefined) => resolve(e)));
  t.type(gone, Error);
  client.end();
});
