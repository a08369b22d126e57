/**
 * Interop: the unmodified Debian ncclient (python3-ncclient 0.6.13 over paramiko) against the NETCONF server engine
 * behind a real ssh2 server on loopback: hello, get-config, lock, edit-config to candidate, commit, an xpath get,
 * a custom smart-license RPC, an rpc-error, discard-changes and close-session.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { selectPath } from '../../src/netconf/xml.js';
import { startSshNetconfServer } from '../netconf/helpers/ssh-netconf-server.js';
import { XE_NATIVE, createTestDevice } from '../netconf/helpers/test-device.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('./fixtures/ncclient_session.py', import.meta.url));

function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(PYTHON, [SCRIPT, ...args], { timeout: 150_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

t.test('ncclient drives the emulator NETCONF server unmodified', async (t) => {
  if (!existsSync(PYTHON)) {
    t.fail(`${PYTHON} is missing: install python3-ncclient (Debian) to run the interop test`);
    return;
  }
  const fixture = createTestDevice('ios-xe');
  const server = await startSshNetconfServer(fixture.device, { username: 'netops', password: 'n3tc0nf' });
  t.teardown(async () => {
    fixture.device.close();
    await server.close();
  });

  const result = await run(['127.0.0.1', String(server.port), 'netops', 'n3tc0nf']);
  t.equal(result.code, 0, `ncclient script exit code (stderr: ${result.stderr.slice(-2000)})`);
  const steps = result.stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown> & { step: string });
  const byStep = Object.fromEntries(steps.map((s) => [s.step, s]));

  t.match(byStep['hello'], { candidate: true, base11: true, native_module: true });
  t.equal(byStep['hello']?.['session_id'], String(server.sessions[0]?.sessionId), 'ncclient saw our session-id');
  t.equal(server.sessions[0]?.framing, 'chunked', 'ncclient negotiated base:1.1');
  t.same(byStep['get-config'], { step: 'get-config', hostname: 'cbr8-1' });
  t.same(byStep['edit-config'], { step: 'edit-config', ok: true });
  t.same(byStep['commit'], { step: 'commit', ok: true });
  t.same(byStep['verify'], { step: 'verify', hostname: 'from-ncclient', name_servers: ['192.0.2.53', '198.51.100.53'] });
  t.same(byStep['get-xpath'], { step: 'get-xpath', smart_enabled: 'true' });
  t.same(byStep['register-id-token'], { step: 'register-id-token', return_code: 'registrationinprogress' });
  t.same(byStep['rpc-error'], { step: 'rpc-error', raised: true, tag: 'data-exists', severity: 'error', type: 'application' });
  t.ok(byStep['closed'], 'close-session done');

  t.equal(selectPath(fixture.running.getTree(), ['native', 'hostname'], XE_NATIVE)[0]?.text, 'from-ncclient', 'the commit reached running');
  t.same(fixture.registrations, [{ token: 'NCCLIENT-TOKEN', force: true, sessionId: server.sessions[0]?.sessionId }]);
  await server.sessions[0]?.closed;
  t.same(fixture.device.sessionIds, [], 'the session ended');
  t.equal(fixture.device.lockHolder('candidate'), undefined);
  t.notOk(fixture.device.candidateModified, 'discard-changes reached the candidate');
});
