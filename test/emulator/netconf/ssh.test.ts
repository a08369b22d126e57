/**
 * The NETCONF client and server engine over real SSH on loopback: an ssh2 Server whose `netconf` subsystem runs
 * serveNetconf against an in-memory device, and ssh2 Clients opening the subsystem with openNetconfSubsystem.
 */
import t from 'tap';
import ssh2 from 'ssh2';
import { openNetconfSubsystem } from '../../../src/channel/netconf/ssh.js';
import { NetconfClient } from '../../../src/netconf/client.js';
import { applyConfigTransaction } from '../../../src/netconf/transaction.js';
import { selectPath } from '../../../src/netconf/xml.js';
import { ConnectError, NetconfRpcError } from '../../../src/errors.js';
import type { AddressInfo } from 'node:net';
import { rsaHostKey, startSshNetconfServer, type SshNetconfServer } from '../../netconf/helpers/ssh-netconf-server.js';
import { SMART_LICENSE, XE_NATIVE, createTestDevice, type TestDevice } from '../../netconf/helpers/test-device.js';

async function sshConnect(port: number): Promise<ssh2.Client> {
  const conn = new ssh2.Client();
  await new Promise<void>((resolve, reject) => {
    conn.once('ready', () => resolve());
    conn.once('error', reject);
    conn.connect({ host: '127.0.0.1', port, username: 'admin', password: 'admin', readyTimeout: 60_000 });
  });
  return conn;
}

async function netconfOverSsh(port: number): Promise<{ conn: ssh2.Client; client: NetconfClient }> {
  const conn = await sshConnect(port);
  const channel = await openNetconfSubsystem(conn, { host: '127.0.0.1', port });
  const client = await NetconfClient.connect(channel, { host: 'xe-1', rpcTimeoutMs: 60_000 });
  return { conn, client };
}

let fixture: TestDevice;
let server: SshNetconfServer;

t.before(async () => {
  fixture = createTestDevice('ios-xe');
  server = await startSshNetconfServer(fixture.device);
});

t.teardown(async () => {
  fixture.device.close();
  await server.close();
});

t.test('hello, pipelined RPCs and a custom RPC over SSH', async (t) => {
  const { conn, client } = await netconfOverSsh(server.port);
  t.equal(client.framing, 'chunked');
  t.ok(client.sessionId > 0);
  // big enough to span many SSH packets and chunks
  const description = 'é中😀'.repeat(5000);
  await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><banner>${description}</banner></native>`);
  const reads = await Promise.all(
    Array.from({ length: 20 }, (_, i) =>
      i % 2 === 0
        ? client.getConfig('candidate', { filter: `<native xmlns="${XE_NATIVE}"><banner/></native>` }).then((d) => selectPath(d, ['native', 'banner'])[0]?.text)
        : client.get({ filter: `<licensing xmlns="${SMART_LICENSE}"><state><smart-enabled/></state></licensing>` }).then((d) => selectPath(d, ['licensing', 'state', 'smart-enabled'])[0]?.text),
    ),
  );
  t.same(reads, Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? description : 'true')), 'every reply matched its request, multi-byte text intact');
  const reply = await client.call(`<register-id-token xmlns="${SMART_LICENSE}"><id-token>SSH-TOKEN</id-token></register-id-token>`);
  t.equal(reply.body[0]?.text, 'registrationinprogress');
  t.same(fixture.registrations.at(-1), { token: 'SSH-TOKEN', force: false, sessionId: client.sessionId });
  await client.discardChanges();
  await client.close();
  conn.end();
});

t.test('locks across two SSH sessions; the transaction waits for the other session', async (t) => {
  const a = await netconfOverSsh(server.port);
  const b = await netconfOverSsh(server.port);
  await a.client.lock('candidate');
  try {
    await b.client.lock('candidate');
    t.fail('lock granted twice');
  } catch (error) {
    t.type(error, NetconfRpcError);
    t.equal((error as NetconfRpcError).tag, 'lock-denied');
    t.same((error as NetconfRpcError).errors[0]?.info, { 'session-id': String(a.client.sessionId) });
  }
  const waiting = applyConfigTransaction(b.client, {
    config: `<native xmlns="${XE_NATIVE}"><hostname>over-ssh</hostname></native>`,
    lockRetry: { retries: 20, minTimeoutMs: 10, maxTimeoutMs: 200 },
    logger: {
      debug: () => undefined,
      info: () => void a.client.unlock('candidate'), // the first back-off lets session A go
      warn: () => undefined,
      error: () => undefined,
      child() {
        return this;
      },
    },
  });
  const result = await waiting;
  t.ok(result.lockAttempts >= 2);
  t.equal(selectPath(fixture.running.getTree(), ['native', 'hostname'])[0]?.text, 'over-ssh');
  await a.client.close();
  await b.client.close();
  a.conn.end();
  b.conn.end();
});

t.test('a dropped SSH connection releases the locks of its session', async (t) => {
  const a = await netconfOverSsh(server.port);
  await a.client.lock('running');
  const session = server.sessions.at(-1);
  t.equal(fixture.device.lockHolder('running'), a.client.sessionId);
  a.conn.end(); // no close-session
  await session?.closed;
  await a.client.session.waitClosed();
  t.equal(fixture.device.lockHolder('running'), undefined);
});

t.test('only the netconf subsystem is served', async (t) => {
  const conn = await sshConnect(server.port);
  const refused = await new Promise<Error | undefined>((resolve) => conn.subsys('sftp-not-here', (error) => resolve(error)));
  t.ok(refused, 'other subsystems are refused');
  t.same(server.refusedSubsystems, ['sftp-not-here']);
  conn.end();
});

t.test('a server without the netconf subsystem → ConnectError', async (t) => {
  const bare = new ssh2.Server({ hostKeys: [rsaHostKey()] }, (connection) => {
    connection.on('error', () => undefined);
    connection.on('authentication', (ctx) => ctx.accept());
    connection.on('session', (accept) => accept().on('subsystem', (_accept, reject) => reject()));
  });
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', () => resolve()));
  const port = (bare.address() as AddressInfo).port;
  const conn = await sshConnect(port);
  await t.rejects(openNetconfSubsystem(conn, { host: 'plain-ssh', port }), ConnectError);
  await t.rejects(openNetconfSubsystem(conn, { host: 'plain-ssh', port }), /plain-ssh:\d+: cannot connect: netconf subsystem refused/);
  conn.end();
  await new Promise<void>((resolve) => bare.close(() => resolve()));
});

t.test('XR over SSH: confirmed commit rolled back by its timeout; a failed transaction discards and unlocks', async (t) => {
  const xr = createTestDevice('ios-xr');
  const xrServer = await startSshNetconfServer(xr.device);
  t.teardown(async () => {
    xr.device.close();
    await xrServer.close();
  });
  const { conn, client } = await netconfOverSsh(xrServer.port);
  t.match(client.features, { candidate: true, writableRunning: false, confirmedCommit: true });
  const hostname = (): string | undefined => selectPath(xr.running.getTree(), ['native', 'hostname'])[0]?.text;

  await client.editConfig('candidate', `<native xmlns="${XE_NATIVE}"><hostname>trial</hostname></native>`);
  await client.commit({ confirmed: true, confirmTimeout: 45 });
  t.equal(hostname(), 'trial');
  t.same(xr.timers.pending, [45_000]);
  xr.timers.fireAll();
  await client.getConfig(); // runs after the rollback on the device
  t.equal(hostname(), 'cbr8-1', 'rolled back');

  try {
    await applyConfigTransaction(client, {
      config: `<native xmlns="${XE_NATIVE}"><hostname>half</hostname><ip><name-server><no-vrf>not-an-address</no-vrf></name-server></ip></native>`,
    });
    t.fail('the transaction should fail');
  } catch (error) {
    t.type(error, NetconfRpcError);
    t.equal((error as NetconfRpcError).tag, 'invalid-value');
  }
  t.notOk(xr.device.candidateModified, 'discarded');
  t.equal(xr.device.lockHolder('candidate'), undefined, 'unlocked');
  t.equal(hostname(), 'cbr8-1', 'running untouched');
  await client.close();
  conn.end();
});
