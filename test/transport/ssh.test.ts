import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { Secret } from '../../src/secret.js';
import { connectSsh, type SshConnectOptions } from '../../src/transport/ssh.js';
import { generateEd25519, startTestServer, type TestServer } from './helpers/ssh-server.js';

const PASSWORD = 'pw-Transport-7f3a';
const PASSPHRASE = 'pp-Transport-91c2';
const dir = mkdtempSync(join(tmpdir(), 'smartlic-ssh-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const clientKey = generateEd25519({ passphrase: PASSPHRASE, cipher: 'aes256-ctr', rounds: 16 });
const strangerKey = generateEd25519();

function base(server: TestServer): SshConnectOptions {
  return { host: '127.0.0.1', port: server.port, hostKey: server.fingerprint, connectTimeoutMs: 10_000 };
}

function assertNoSecrets(t: Test, error: unknown): void {
  const text = `${(error as Error).message}\n${JSON.stringify(error)}`;
  for (const secret of [PASSWORD, PASSPHRASE, 'wrong-password-x1']) t.notMatch(text, secret, 'no secret in the error');
}

t.test('authentication', async (t) => {
  const server = await startTestServer({
    users: [
      { username: 'pw', password: PASSWORD },
      { username: 'key', publicKeys: [clientKey.public] },
      { username: 'kbd', password: PASSWORD, keyboardInteractive: true },
    ],
  });
  t.teardown(() => server.close());

  t.test('password', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'pw', password: new Secret(PASSWORD) });
    t.equal(conn.authMethod, 'password');
    await conn.close();
    const err = await connectSsh({ ...base(server), username: 'pw', password: 'wrong-password-x1' }).catch((e: unknown) => e);
    t.match(err, { code: 'E_AUTH', host: '127.0.0.1', username: 'pw', methods: ['password'] });
    assertNoSecrets(t, err);
  });

  t.test('private key with passphrase', async (t) => {
    const conn = await connectSsh({
      ...base(server),
      username: 'key',
      privateKey: new Secret(clientKey.private),
      passphrase: new Secret(PASSPHRASE),
    });
    t.equal(conn.authMethod, 'publickey');
    await conn.close();

    const wrong = await connectSsh({ ...base(server), username: 'key', privateKey: clientKey.private, passphrase: 'nope' }).catch((e: unknown) => e);
    t.match(wrong, { code: 'E_AUTH', methods: ['publickey'] }, 'a wrong passphrase fails before connecting');
    t.match(String((wrong as Error).cause), /private key cannot be used/);
    const missing = await connectSsh({ ...base(server), username: 'key', privateKey: clientKey.private }).catch((e: unknown) => e);
    t.match(missing, { code: 'E_AUTH', methods: ['publickey'] }, 'an encrypted key without a passphrase');
    const notAKey = await connectSsh({ ...base(server), username: 'key', privateKey: '/home/me/.ssh/id_ed25519' }).catch((e: unknown) => e);
    t.match(notAKey, { code: 'E_AUTH' });

    const refused = await connectSsh({ ...base(server), username: 'key', privateKey: strangerKey.private }).catch((e: unknown) => e);
    t.match(refused, { code: 'E_AUTH', methods: ['publickey'] }, 'a key the device does not know');
    assertNoSecrets(t, wrong);
    assertNoSecrets(t, refused);
  });

  t.test('keyboard-interactive answers the password prompt', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'kbd', password: PASSWORD });
    t.equal(conn.authMethod, 'keyboard-interactive');
    await conn.close();
    const err = await connectSsh({ ...base(server), username: 'kbd', password: 'wrong-password-x1' }).catch((e: unknown) => e);
    t.match(err, { code: 'E_AUTH', methods: ['keyboard-interactive'] });
    assertNoSecrets(t, err);
  });

  t.test('ssh-agent', async (t) => {
    const keyFile = join(dir, 'agent_key');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', keyFile]);
    const agentUser = await startTestServer({ users: [{ username: 'agent', publicKeys: [readFileSync(`${keyFile}.pub`, 'utf8').trim()] }] });
    t.teardown(() => agentUser.close());
    const sock = join(dir, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: ['ignore', 'pipe', 'pipe'] });
    t.teardown(() => {
      agent.kill('SIGTERM');
    });
    for (let i = 0; i < 100 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 50));
    t.ok(existsSync(sock), 'agent socket exists');
    execFileSync('ssh-add', [keyFile], { env: { ...process.env, SSH_AUTH_SOCK: sock }, stdio: 'ignore' });

    const conn = await connectSsh({ ...base(agentUser), username: 'agent', agent: sock });
    t.equal(conn.authMethod, 'agent');
    await conn.close();

    const previous = process.env['SSH_AUTH_SOCK'];
    process.env['SSH_AUTH_SOCK'] = sock;
    t.teardown(() => {
      if (previous === undefined) delete process.env['SSH_AUTH_SOCK'];
      else process.env['SSH_AUTH_SOCK'] = previous;
    });
    const viaEnv = await connectSsh({ ...base(agentUser), username: 'agent', agent: true });
    t.equal(viaEnv.authMethod, 'agent', 'agent: true uses SSH_AUTH_SOCK');
    await viaEnv.close();

    const err = await connectSsh({ ...base(agentUser), username: 'someone-else', agent: sock }).catch((e: unknown) => e);
    t.match(err, { code: 'E_AUTH', methods: ['agent'] }, 'agent key not accepted for this user');
    const notOffered = await connectSsh({ ...base(server), username: 'pw', agent: sock }).catch((e: unknown) => e);
    t.match(notOffered, { code: 'E_AUTH', methods: [] }, 'the device does not offer publickey: nothing to try');
    delete process.env['SSH_AUTH_SOCK'];
    await t.rejects(connectSsh({ ...base(agentUser), username: 'agent', agent: true }), { code: 'E_INVALID_ARGUMENT' });
  });

  t.test('several methods: the one that works is reported, all failures are listed', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'pw', privateKey: strangerKey.private, password: PASSWORD });
    t.equal(conn.authMethod, 'password');
    await conn.close();
    const err = await connectSsh({ ...base(server), username: 'nobody', privateKey: strangerKey.private, password: 'wrong-password-x1' }).catch(
      (e: unknown) => e,
    );
    t.match(err, { code: 'E_AUTH', methods: ['publickey', 'password'] });
  });
});

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return (server.address() as AddressInfo).port;
}

t.test('connection failures', async (t) => {
  t.test('connect timeout against a server that accepts TCP but never speaks', async (t) => {
    const sockets: Socket[] = [];
    const blackhole = createServer((s) => sockets.push(s));
    const port = await listen(blackhole);
    t.teardown(() => {
      for (const s of sockets) s.destroy();
      blackhole.close();
    });
    const err = await connectSsh({ host: '127.0.0.1', port, username: 'x', password: PASSWORD, connectTimeoutMs: 400 }).catch((e: unknown) => e);
    t.match(err, { code: 'E_TIMEOUT', host: '127.0.0.1', timeoutMs: 400 });
    t.match((err as Error).message, /SSH connect to 127\.0\.0\.1:\d+ timed out after 400 ms/);
  });

  t.test('connection refused', async (t) => {
    const probe = createServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const err = await connectSsh({ host: '127.0.0.1', port, username: 'x', password: PASSWORD }).catch((e: unknown) => e);
    t.match(err, { code: 'E_CONNECT', host: '127.0.0.1', port });
    t.match((err as Error).message, /connection refused/);
    t.match((err as Error).cause, { code: 'ECONNREFUSED' });
  });

  t.test('DNS failure', async (t) => {
    const err = await connectSsh({ host: 'no-such-device.invalid', username: 'x', password: PASSWORD, connectTimeoutMs: 5000 }).catch((e: unknown) => e);
    t.match(err, { code: 'E_CONNECT', host: 'no-such-device.invalid' });
    t.match((err as Error).message, /DNS/);
  });

  t.test('a peer that is not an SSH server', async (t) => {
    const http = createServer((s) => s.end('HTTP/1.1 400 Bad Request\r\n\r\n'));
    const port = await listen(http);
    t.teardown(() => http.close());
    const err = await connectSsh({ host: '127.0.0.1', port, username: 'x', password: PASSWORD }).catch((e: unknown) => e);
    t.match(err, { code: 'E_CONNECT' });
  });

  t.test('invalid arguments are refused before connecting', async (t) => {
    await t.rejects(connectSsh({ host: '', username: 'x' }), { code: 'E_INVALID_ARGUMENT' });
    await t.rejects(connectSsh({ host: 'a', port: 70000, username: 'x' }), { code: 'E_INVALID_ARGUMENT' });
    await t.rejects(connectSsh({ host: 'a', username: 'x', connectTimeoutMs: -1 }), { code: 'E_INVALID_ARGUMENT' });
  });

  t.test('abort signal cancels a pending connect', async (t) => {
    const sockets: Socket[] = [];
    const blackhole = createServer((s) => sockets.push(s));
    const port = await listen(blackhole);
    t.teardown(() => {
      for (const s of sockets) s.destroy();
      blackhole.close();
    });
    const controller = new AbortController();
    const pending = connectSsh({ host: '127.0.0.1', port, username: 'x', password: PASSWORD, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await t.rejects(pending, { code: 'E_CANCELLED' });
  });
});

t.test('streams', async (t) => {
  const server = await startTestServer({ users: [{ username: 'pw', password: PASSWORD }] });
  t.teardown(() => server.close());

  t.test('shell: early bytes are kept, writes are echoed, remote close ends the stream', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'pw', password: PASSWORD });
    t.teardown(() => conn.close());
    const shell = await conn.openShell();
    await new Promise((r) => setTimeout(r, 50));
    let text = '';
    shell.onData((c) => (text += c.toString('utf8')));
    t.match(text, /srv# $/, 'the banner prompt that arrived before the listener was delivered');
    shell.write('hello\n');
    for (let i = 0; i < 200 && !text.includes('echo: hello'); i++) await new Promise((r) => setTimeout(r, 10));
    t.match(text, 'echo: hello');
    const ended = new Promise((resolve) => shell.onEnd(resolve));
    shell.write('exit\n');
    t.match(await ended, { by: 'remote', error: { code: 'E_CLOSED' } });
    t.throws(() => shell.write('x'), { code: 'E_CLOSED' });
  });

  t.test('subsystem: async iteration, local close', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'pw', password: PASSWORD });
    t.teardown(() => conn.close());
    const nc = await conn.openSubsystem('netconf');
    t.equal(nc.label, 'subsystem:netconf');
    nc.write('<hello/>]]>]]>');
    let got = '';
    for await (const chunk of nc) {
      got += chunk.toString('utf8');
      if (got.includes(']]>]]>')) break;
    }
    t.equal(got, '<hello/>]]>]]>');
    await nc.close();
    t.ok(nc.closed);
    await t.rejects(conn.openSubsystem('sftp'), { code: 'E_CONNECT' }, 'a refused subsystem');
    t.throws(() => conn.openSubsystem('bad name'), { code: 'E_INVALID_ARGUMENT' });
  });

  t.test('closed mid-command: the stream ends with E_CLOSED and the connection reports it', async (t) => {
    const dropper = await startTestServer({ users: [{ username: 'pw', password: PASSWORD }], shell: 'drop' });
    t.teardown(() => dropper.close());
    const conn = await connectSsh({ ...base(dropper), username: 'pw', password: PASSWORD });
    const shell = await conn.openShell();
    const ended = new Promise<{ by: string; error?: { code: string } }>((resolve) => shell.onEnd(resolve));
    shell.write('show version\n');
    const end = await ended;
    t.not(end.by, 'local');
    t.equal(end.error?.code, 'E_CLOSED');
    await conn.closed;
    t.notOk(conn.isOpen);
    await t.rejects(conn.openShell(), { code: 'E_CLOSED' });
  });

  t.test('idle timeout closes the connection', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'pw', password: PASSWORD, idleTimeoutMs: 300 });
    const shell = await conn.openShell();
    const ended = new Promise<{ by: string; error?: { code: string } }>((resolve) => shell.onEnd(resolve));
    await conn.closed;
    t.match(conn.error, { code: 'E_TIMEOUT', operation: 'SSH connection idle', timeoutMs: 300 });
    t.match(await ended, { by: 'error', error: { code: 'E_TIMEOUT' } });
  });

  t.test('keepalive: a peer that stops answering is detected', async (t) => {
    const conn = await connectSsh({ ...base(server), username: 'pw', password: PASSWORD, keepaliveIntervalMs: 100, keepaliveCountMax: 2 });
    const serverSide = server.connections[server.connections.length - 1] as unknown as { _sock: Socket };
    serverSide._sock.pause();
    await conn.closed;
    t.match(conn.error, { code: 'E_TIMEOUT', operation: /keepalive/ });
    serverSide._sock.destroy();
  });
});
