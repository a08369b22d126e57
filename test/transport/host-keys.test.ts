import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import ssh2 from 'ssh2';
import { connectSsh } from '../../src/transport/ssh.js';
import { formatKnownHostLine } from '../../src/transport/known-hosts.js';
import type { Logger } from '../../src/log.js';
import { generateHostKey, startTestServer, type TestServer } from './helpers/ssh-server.js';

const USER = { username: 'admin', password: 'hk-test-pass' };
const dir = mkdtempSync(join(tmpdir(), 'smartlic-hostkeys-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

function captureLogger(): Logger & { lines: Array<{ level: string; obj: unknown; msg?: string }> } {
  const lines: Array<{ level: string; obj: unknown; msg?: string }> = [];
  const make = (): Logger & { lines: typeof lines } => {
    const log = (level: string) => (obj: unknown, msg?: string) => {
      lines.push(typeof obj === 'string' ? { level, obj: {}, msg: obj } : { level, obj, ...(msg === undefined ? {} : { msg }) });
    };
    return {
      lines,
      debug: log('debug'),
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: () => make(),
    } as Logger & { lines: typeof lines };
  };
  return make();
}

async function withServer(t: Test, fn: (server: TestServer) => Promise<void>): Promise<void> {
  const server = await startTestServer({ users: [USER] });
  t.teardown(() => server.close());
  await fn(server);
}

t.test('strict with a pinned fingerprint', async (t) => {
  await withServer(t, async (server) => {
    const conn = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, hostKey: server.fingerprint });
    t.equal(conn.hostKey.verifiedBy, 'pinned');
    t.equal(conn.hostKey.fingerprint, server.fingerprint);
    t.equal(conn.authMethod, 'password');
    await conn.close();
  });
});

t.test('strict pin mismatch is refused before any authentication', async (t) => {
  await withServer(t, async (server) => {
    const other = await startTestServer({ users: [USER] });
    t.teardown(() => other.close());
    const err = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, hostKey: other.fingerprint }).catch((e: unknown) => e);
    t.match(err, { code: 'E_HOSTKEY', reason: 'mismatch', presented: server.fingerprint, expected: other.fingerprint, host: '127.0.0.1' });
    t.same(server.authAttempts, [], 'no auth request reached the server');
    t.notMatch(String((err as Error).message), USER.password);
  });
});

t.test('strict: unknown host is refused, known_hosts entry is accepted', async (t) => {
  await withServer(t, async (server) => {
    const knownHosts = join(dir, 'strict_known_hosts');
    writeFileSync(knownHosts, '');
    const err = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, knownHosts }).catch((e: unknown) => e);
    t.match(err, { code: 'E_HOSTKEY', reason: 'unknown' });
    t.same(server.authAttempts, []);
    t.equal(readFileSync(knownHosts, 'utf8'), '', 'strict never writes');

    writeFileSync(knownHosts, `${formatKnownHostLine(`[127.0.0.1]:${server.port}`, 'ssh-ed25519', server.hostKeyBlob)}\n`);
    const conn = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, knownHosts });
    t.equal(conn.hostKey.verifiedBy, 'known-hosts');
    await conn.close();
  });
});

t.test('strict: hashed known_hosts written by ssh-keygen -H', async (t) => {
  await withServer(t, async (server) => {
    const knownHosts = join(dir, 'hashed_known_hosts');
    writeFileSync(knownHosts, `${formatKnownHostLine(`[127.0.0.1]:${server.port}`, 'ssh-ed25519', server.hostKeyBlob)}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', knownHosts], { stdio: 'ignore' });
    t.match(readFileSync(knownHosts, 'utf8'), /^\|1\|/);
    const conn = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, knownHosts });
    t.equal(conn.hostKey.verifiedBy, 'known-hosts');
    await conn.close();
  });
});

t.test('strict: known host with a different key is a mismatch', async (t) => {
  await withServer(t, async (server) => {
    const knownHosts = join(dir, 'mismatch_known_hosts');
    const other = await startTestServer({ users: [USER] });
    t.teardown(() => other.close());
    writeFileSync(knownHosts, `${formatKnownHostLine(`[127.0.0.1]:${server.port}`, 'ssh-ed25519', other.hostKeyBlob)}\n`);
    const err = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, knownHosts }).catch((e: unknown) => e);
    t.match(err, { code: 'E_HOSTKEY', reason: 'mismatch', presented: server.fingerprint });
    t.match((err as Error).message, other.fingerprint);
    t.same(server.authAttempts, []);
  });
});

t.test('accept-new records the key, then refuses a changed key on the same host:port', async (t) => {
  const knownHosts = join(dir, 'sub', 'accept_new_known_hosts');
  const logger = captureLogger();
  const first = await startTestServer({ users: [USER] });
  const port = first.port;
  let conn = await connectSsh({ host: '127.0.0.1', port, ...USER, knownHosts, hostKeyPolicy: 'accept-new', logger });
  t.equal(conn.hostKey.verifiedBy, 'accepted-new');
  await conn.close();
  const recorded = readFileSync(knownHosts, 'utf8');
  t.equal(recorded, `[127.0.0.1]:${port} ssh-ed25519 ${first.hostKeyBlob.toString('base64')}\n`);
  const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${port}`, '-f', knownHosts], { encoding: 'utf8' });
  t.match(found, `[127.0.0.1]:${port}`, 'OpenSSH finds the recorded entry');
  t.ok(logger.lines.some((l) => l.level === 'info' && /accept-new/.test(l.msg ?? '')));

  conn = await connectSsh({ host: '127.0.0.1', port, ...USER, knownHosts, hostKeyPolicy: 'accept-new' });
  t.equal(conn.hostKey.verifiedBy, 'known-hosts', 'second connection matches the recorded key');
  await conn.close();
  await first.close();

  // Same address and port, another host key: the device was replaced (or impersonated).
  const second = await startTestServer({ users: [USER], hostKey: generateHostKey(), port });
  t.teardown(() => second.close());
  const err = await connectSsh({ host: '127.0.0.1', port, ...USER, knownHosts, hostKeyPolicy: 'accept-new' }).catch((e: unknown) => e);
  t.match(err, { code: 'E_HOSTKEY', reason: 'mismatch', presented: second.fingerprint });
  t.same(second.authAttempts, [], 'refused before authentication');
  t.equal(readFileSync(knownHosts, 'utf8'), recorded, 'the file is unchanged');
});

t.test('accept-new with hashKnownHosts writes a hashed name, and concurrent first connections record once', async (t) => {
  await withServer(t, async (server) => {
    const knownHosts = join(dir, 'hashed_accept_new');
    const conns = await Promise.all(
      [1, 2, 3].map(() =>
        connectSsh({ host: '127.0.0.1', port: server.port, ...USER, knownHosts, hostKeyPolicy: 'accept-new', hashKnownHosts: true }),
      ),
    );
    const text = readFileSync(knownHosts, 'utf8');
    t.equal(text.trim().split('\n').length, 1, 'one line for three concurrent connections');
    t.match(text, /^\|1\|[^ ]+ ssh-ed25519 /);
    t.same(conns.map((c) => c.hostKey.verifiedBy).sort(), ['accepted-new', 'known-hosts', 'known-hosts']);
    await Promise.all(conns.map((c) => c.close()));
    const found = execFileSync('ssh-keygen', ['-F', `[127.0.0.1]:${server.port}`, '-f', knownHosts], { encoding: 'utf8' });
    t.match(found, /ssh-ed25519/, 'OpenSSH matches our hashed entry');
  });
});

t.test('insecure accepts any key and warns', async (t) => {
  await withServer(t, async (server) => {
    const logger = captureLogger();
    const conn = await connectSsh({
      host: '127.0.0.1',
      port: server.port,
      ...USER,
      hostKeyPolicy: 'insecure',
      knownHosts: join(dir, 'never-written'),
      logger,
    });
    t.equal(conn.hostKey.verifiedBy, 'insecure');
    await conn.close();
    const warning = logger.lines.find((l) => l.level === 'warn');
    t.ok(warning, 'a warning was logged');
    t.match(warning?.msg, /NOT verified/);
    t.match(warning?.obj, { fingerprint: server.fingerprint });
  });
});

t.test('a malformed pin or policy is refused before connecting', async (t) => {
  await t.rejects(connectSsh({ host: '127.0.0.1', port: 1, ...USER, hostKey: 'SHA256:nope' }), { code: 'E_HOSTKEY', reason: 'invalid-policy' });
  await t.rejects(
    connectSsh({ host: '127.0.0.1', port: 1, ...USER, hostKeyPolicy: 'yolo' as 'strict' }),
    { code: 'E_HOSTKEY', reason: 'invalid-policy' },
  );
});

t.test('a device with several host keys is asked for the one known_hosts records', async (t) => {
  const rsa = ssh2.utils.generateKeyPairSync('rsa', { bits: 2048 });
  const server = await startTestServer({ users: [USER], extraHostKeys: [rsa.private] });
  t.teardown(() => server.close());
  const parsed = ssh2.utils.parseKey(rsa.public);
  if (parsed instanceof Error) throw parsed;
  const knownHosts = join(dir, 'rsa_known_hosts');
  writeFileSync(knownHosts, `${formatKnownHostLine(`[127.0.0.1]:${server.port}`, 'ssh-rsa', parsed.getPublicSSH())}\n`);
  const conn = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, knownHosts });
  t.equal(conn.hostKey.keyType, 'ssh-rsa', 'the RSA key was negotiated although ed25519 is preferred by default');
  t.equal(conn.hostKey.verifiedBy, 'known-hosts');
  await conn.close();
  const pinned = await connectSsh({ host: '127.0.0.1', port: server.port, ...USER, hostKey: server.fingerprint });
  t.equal(pinned.hostKey.keyType, 'ssh-ed25519', 'without a known_hosts entry the default order applies');
  await pinned.close();
});
