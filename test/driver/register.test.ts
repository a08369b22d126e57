/**
 * `register()` over scripted IOS-XE and IOS-XR devices: the commands sent in order, the typed result, each failure
 * class with its code and cause, stale failures, the time bound in virtual time, cancellation, and the token never
 * showing anywhere but on the wire.
 */
import t, { type Test } from 'tap';
import { ManualClock } from '../../src/clock.js';
import { register } from '../../src/driver/register.js';
import { LicensingError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import type { PlatformId } from '../../src/platforms/types.js';
import { captureLogger, DeviceScript, openScripted, states, syslogLine, TOKEN, type StatusSpec } from './helpers/licensing-device.js';

const T0 = '2026-01-01T00:00:05Z';
const T1 = '2026-01-01T00:01:05Z';
const IN_PROGRESS = "Registration process is in progress. Use the 'show license status' command to check the progress and result";
const PLATFORMS: readonly PlatformId[] = ['ios-xe', 'ios-xr'];

function virtualTime(): { clock: ManualClock; sleep: (ms: number) => Promise<void>; waits: number[] } {
  const clock = new ManualClock(T0);
  const waits: number[] = [];
  return {
    clock,
    waits,
    sleep: async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    },
  };
}

/** The token (and its URL-decoded form) appears nowhere in `texts`. */
function assertNoToken(t: Test, texts: readonly string[], what: string): void {
  const decoded = decodeURIComponent(TOKEN);
  for (const text of texts) {
    t.notOk(text.includes(TOKEN) || text.includes(decoded) || text.includes(TOKEN.slice(0, 24)), `${what}: no token`);
  }
}

function old(platform: PlatformId): string[] {
  return [syslogLine(platform, '2025-12-31T23:00:00Z', 'COMM_FAILED', 3, 'Communications failure with Cisco licensing cloud: Fail to send out Call Home HTTP message.')];
}

function registerCommand(force = false): string {
  return `license smart register idtoken ${TOKEN}${force ? ' force' : ''}`;
}

for (const platform of PLATFORMS) {
  t.test(`${platform}: registration followed to completion`, async (t) => {
    const script = new DeviceScript(platform)
      .open()
      .status(states.unregistered(platform))
      .log(old(platform))
      .command(registerCommand(), IN_PROGRESS)
      .status(states.registering(platform))
      .status(states.registered(platform, T1, 'AUTHORIZATION PENDING'))
      .log(old(platform))
      .status(states.registered(platform, T1, platform === 'ios-xe' ? 'AUTHORIZED' : 'OUT OF COMPLIANCE'))
      .log([...old(platform), syslogLine(platform, T1, 'AGENT_REG_SUCCESS', 6, 'Smart Agent for Licensing Registration with the Cisco Smart Software Manager (CSSM) for udi PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT')]);
    const { logger, lines } = captureLogger();
    const { session, stream } = await openScripted(script, logger);
    t.teardown(() => session.close());
    const time = virtualTime();
    const result = await register(session, TOKEN, { clock: time.clock, sleep: time.sleep, pollIntervalMs: 1000, backoffFactor: 2 });
    t.equal(stream.mismatch, null);
    t.equal(stream.remaining, 0, 'every scripted step was played');
    t.equal(result.operation, 'register');
    t.equal(result.host, script.hostname);
    t.equal(result.command, 'license smart register idtoken ***');
    t.equal(result.reply, IN_PROGRESS);
    t.equal(result.changed, true);
    t.equal(result.polls, 3);
    t.same(time.waits, [1000, 2000]);
    t.match(result.state, {
      registration: 'registered',
      authorization: platform === 'ios-xe' ? 'authorized' : 'out-of-compliance',
      smartAccount: 'Forty-Two uLtd.',
      virtualAccount: platform === 'ios-xe' ? 'auto-test-1' : 'IOSXR',
      exportControl: 'allowed',
      registeredAt: '2026-01-01T00:01:05Z',
      nextRenewalAt: '2026-06-30T00:01:05Z',
      registrationExpiresAt: '2027-01-01T00:01:05Z',
      authorizedSince: '2026-01-01T00:01:05Z',
      nextCommunicationAt: '2026-01-31T00:01:05Z',
      communicationDeadline: '2026-04-01T00:01:05Z',
    });
    t.equal(result.status.platform, platform);
    t.match(result.status.snapshot, { platform, registration: { status: 'registered' } });
    t.ok(stream.written.includes(registerCommand()), 'the token went to the device');
    assertNoToken(t, [JSON.stringify(result), ...lines], 'result and logs');
    t.ok(lines.some((l) => l.includes('"command":"***"')), 'the command is logged redacted');
  });
}

interface FailureCase {
  readonly name: string;
  readonly platform: PlatformId;
  readonly status: StatusSpec;
  readonly syslog?: readonly string[];
  readonly code: string;
  readonly commCause?: string;
}

const REG_FAILED = (p: PlatformId, text: string): string => syslogLine(p, T1, 'AGENT_REG_FAILED', 3, `Smart Agent for Licensing Registration with the Cisco Smart Software Manager (CSSM) failed: ${text}`);
const COMM_FAILED = (p: PlatformId, text: string): string => syslogLine(p, T1, 'COMM_FAILED', 3, `Communications failure with the Cisco Smart Software Manager (CSSM) : ${text}`);
const GENERIC = 'Fail to send out Call Home HTTP message.';
const CSSM = 'Error received from Smart Software Manager: ';

const FAILURES: FailureCase[] = PLATFORMS.flatMap((p): FailureCase[] => [
  { name: 'token invalid', platform: p, status: states.failed(p, T1, `${CSSM}The ID token is not valid.`), syslog: [REG_FAILED(p, 'Agent received a failure status in a response message. Please check the Agent log file for the detailed message.')], code: 'E_TOKEN_INVALID' },
  { name: 'token expired', platform: p, status: states.failed(p, T1, `${CSSM}The ID token expired on 2025-12-01T00:00:00.000Z.`), code: 'E_TOKEN_EXPIRED' },
  { name: 'token used up', platform: p, status: states.failed(p, T1, `${CSSM}The ID token has already been used the maximum number of times (1).`), code: 'E_TOKEN_USED_UP' },
  { name: 'token revoked', platform: p, status: states.failed(p, T1, `${CSSM}The ID token has been revoked.`), code: 'E_TOKEN_REVOKED' },
  { name: 'already registered in CSSM', platform: p, status: states.failed(p, T1, `${CSSM}The product instance PID:NCS1004,SN:CAT2231B18Y is already registered in virtual account "Default"; register with force to replace it.`), code: 'E_ALREADY_REGISTERED' },
  { name: 'dns', platform: p, status: states.failed(p, T1, GENERIC), syslog: [REG_FAILED(p, GENERIC), COMM_FAILED(p, 'Unable to resolve server hostname/domain name')], code: 'E_COMM_FAILED', commCause: 'dns' },
  { name: 'proxy', platform: p, status: states.failed(p, T1, GENERIC), syslog: [REG_FAILED(p, GENERIC), COMM_FAILED(p, 'HTTP proxy 198.51.100.10 port 3128 refused the connection')], code: 'E_COMM_FAILED', commCause: 'proxy' },
  { name: 'certificate', platform: p, status: states.failed(p, T1, GENERIC), syslog: [COMM_FAILED(p, 'SSL server certificate verification failed (trustpoint SLA-TrustPoint)')], code: 'E_COMM_FAILED', commCause: 'certificate' },
  { name: 'http', platform: p, status: states.failed(p, T1, GENERIC), syslog: [REG_FAILED(p, GENERIC), COMM_FAILED(p, GENERIC)], code: 'E_COMM_FAILED', commCause: 'http' },
  { name: 'unreachable', platform: p, status: states.failed(p, T1, GENERIC), syslog: [COMM_FAILED(p, 'Connection timed out')], code: 'E_COMM_FAILED', commCause: 'unreachable' },
  { name: 'sync lost', platform: p, status: states.failed(p, T1, `${CSSM}Data and signature do not match for udi PID:8812,SN:FOX2202WIVM`), code: 'E_SYNC_LOST' },
]);

for (const c of FAILURES) {
  t.test(`${c.platform}: registration fails: ${c.name}`, async (t) => {
    const script = new DeviceScript(c.platform)
      .open()
      .status(states.unregistered(c.platform))
      .log(old(c.platform))
      .command(registerCommand(), '')
      .status(states.registering(c.platform))
      .status(c.status)
      .log([...old(c.platform), ...(c.syslog ?? [])]);
    const { logger, lines } = captureLogger();
    const { session, stream } = await openScripted(script, logger);
    t.teardown(() => session.close());
    const time = virtualTime();
    const error = await register(session, TOKEN, { clock: time.clock, sleep: time.sleep }).catch((e: unknown) => e);
    t.equal(stream.remaining, 0);
    t.ok(error instanceof LicensingError, String(error));
    if (!(error instanceof LicensingError)) return;
    t.equal(error.code, c.code);
    t.equal(error.commCause, c.commCause);
    t.equal(error.operation, 'register');
    t.equal(error.host, script.hostname);
    t.match(error.message, new RegExp(`^${script.hostname}: register: `));
    t.ok((error.evidence ?? []).some((l) => l.startsWith('Registration Status: UNREGISTERED - REGISTRATION FAILED')));
    for (const line of c.syslog ?? []) {
      const id = /((?:LICENSE-)?SMART_LIC-3-[A-Z_]+)/.exec(line)?.[1];
      t.ok(error.evidence?.some((l) => l.includes(id!)), `evidence has ${id}`);
    }
    t.notOk(error.evidence?.some((l) => l.includes('2025-12-31') || l.includes('Dec 31')), 'the older message is not evidence');
    assertNoToken(t, [error.message, JSON.stringify(error), JSON.stringify(error.toJSON()), ...lines], 'error and logs');
  });
}

t.test('a failure left from an earlier attempt is not taken for the current one', async (t) => {
  const earlier = states.failed('ios-xe', T0, GENERIC);
  const script = new DeviceScript('ios-xe')
    .open()
    .status(earlier)
    .log([REG_FAILED('ios-xe', GENERIC).replace('00:01:05', '00:00:05')])
    .command(registerCommand(true), IN_PROGRESS)
    .status(earlier)
    .log([REG_FAILED('ios-xe', GENERIC).replace('00:01:05', '00:00:05')])
    .status(states.failed('ios-xe', T1, `${CSSM}The ID token expired on 2025-12-01T00:00:00.000Z.`))
    .log([REG_FAILED('ios-xe', GENERIC).replace('00:01:05', '00:00:05')]);
  const { session, stream } = await openScripted(script);
  t.teardown(() => session.close());
  const time = virtualTime();
  await t.rejects(register(session, TOKEN, { force: true, clock: time.clock, sleep: time.sleep }), { code: 'E_TOKEN_EXPIRED', commCause: undefined });
  t.equal(stream.remaining, 0, 'polled past the stale failure');
});

t.test('already registered: refused without force, nothing sent', async (t) => {
  const script = new DeviceScript('ios-xr').open().status(states.registered('ios-xr', T0));
  const { session, stream } = await openScripted(script);
  t.teardown(() => session.close());
  const error = await register(session, TOKEN).catch((e: unknown) => e);
  t.match(error, { code: 'E_ALREADY_REGISTERED', operation: 'register', evidence: ['Registration Status: REGISTERED'] });
  t.equal(stream.remaining, 0);
  t.notOk(stream.written.includes('license smart register'), 'no register command');
});

t.test('check mode: the status is read and the pre-checks run; nothing is sent', async (t) => {
  const unregistered = new DeviceScript('ios-xe').open().status(states.unregistered('ios-xe'));
  const first = await openScripted(unregistered);
  t.teardown(() => first.session.close());
  const result = await register(first.session, TOKEN, { check: true, force: true });
  t.match(result, { operation: 'register', command: 'license smart register idtoken *** force', reply: '', changed: true, polls: 0, check: true });
  t.equal(result.state.registration, 'unregistered');
  t.equal(first.stream.remaining, 0);
  t.notOk(first.stream.written.includes('license smart'), 'no license command');

  const registered = new DeviceScript('ios-xr').open().status(states.registered('ios-xr', T0));
  const second = await openScripted(registered);
  t.teardown(() => second.session.close());
  await t.rejects(register(second.session, TOKEN, { check: true }), { code: 'E_ALREADY_REGISTERED' }, 'a refusal is predicted as it would happen');
  t.notOk(second.stream.written.includes('license smart'), 'no license command');
  await t.rejects(register(second.session, 'bad token', { check: true }), { code: 'E_INVALID_ARGUMENT' }, 'a bad token is refused in check mode too');
});

t.test('force re-registers a registered device and waits for the new registration', async (t) => {
  const script = new DeviceScript('ios-xe')
    .open()
    .status(states.registered('ios-xe', T0))
    .log([])
    .command(registerCommand(true), IN_PROGRESS)
    .status(states.registered('ios-xe', T0))
    .log([])
    .status(states.registered('ios-xe', T1))
    .log([]);
  const { session, stream } = await openScripted(script);
  t.teardown(() => session.close());
  const time = virtualTime();
  const result = await register(session, new Secret(TOKEN), { force: true, clock: time.clock, sleep: time.sleep });
  t.equal(result.command, 'license smart register idtoken *** force');
  t.equal(result.state.registeredAt, '2026-01-01T00:01:05Z');
  t.equal(result.polls, 2);
  t.equal(stream.remaining, 0);
});

t.test('the immediate reply: CLI error and licensing refusal', async (t) => {
  const invalid = new DeviceScript('ios-xe').open().status(states.unregistered('ios-xe')).log([]).command(registerCommand(), "                                  ^\n% Invalid input detected at '^' marker.");
  const a = await openScripted(invalid);
  t.teardown(() => a.session.close());
  const e1 = await register(a.session, TOKEN).catch((e: unknown) => e);
  t.match(e1, { code: 'E_CLI_INVALID_INPUT', command: 'license smart register idtoken ***', host: 'cbr8-1' });
  assertNoToken(t, [String((e1 as Error).message), JSON.stringify(e1)], 'device error');

  const refused = new DeviceScript('ios-xr').open().status(states.unregistered('ios-xr')).log([]).command(registerCommand(), '% Smart Licensing: the ID token is not valid');
  const b = await openScripted(refused);
  t.teardown(() => b.session.close());
  await t.rejects(register(b.session, TOKEN), { code: 'E_TOKEN_INVALID', operation: 'register', evidence: ['% Smart Licensing: the ID token is not valid'] });
  t.equal(b.stream.remaining, 0, 'no polling after a refusal');
});

t.test('bad token syntax: refused before anything is sent', async (t) => {
  const script = new DeviceScript('ios-xe').open();
  const { session, stream } = await openScripted(script);
  t.teardown(() => session.close());
  const before = stream.written;
  await t.rejects(register(session, 'YjBkOWM5YtItMDFi OS00ZjBm'), { code: 'E_INVALID_ARGUMENT', argument: 'idToken', message: /whitespace/ });
  await t.rejects(register(session, 'short'), { code: 'E_INVALID_ARGUMENT', message: /too short/ });
  t.equal(stream.written, before, 'nothing was written');
});

t.test('time bound: E_TIMEOUT in virtual time, the last status as tail', async (t) => {
  const script = new DeviceScript('ios-xr').open().status(states.unregistered('ios-xr')).log([]).command(registerCommand(), IN_PROGRESS);
  // pollIntervalMs 10 s, factor 2, bound 60 s: looks at 0, 10, 30 s and the last one at the deadline (60 s).
  for (let i = 0; i < 4; i++) script.status(states.registering('ios-xr'));
  const { session, stream } = await openScripted(script);
  t.teardown(() => session.close());
  const time = virtualTime();
  const error = await register(session, TOKEN, { clock: time.clock, sleep: time.sleep, timeoutMs: 60_000, pollIntervalMs: 10_000, backoffFactor: 2 }).catch((e: unknown) => e);
  t.match(error, { code: 'E_TIMEOUT', operation: 'register', timeoutMs: 60_000, host: 'ncs1004-1', tail: /registration in progress \(Registration: REGISTERING - REGISTRATION IN PROGRESS; Authorization: EVAL MODE\)/ });
  t.same(time.waits, [10_000, 20_000, 30_000]);
  t.equal(stream.remaining, 0, 'exactly four looks');
});

t.test('cancellation: between looks, and before anything is sent', async (t) => {
  const script = new DeviceScript('ios-xe').open().status(states.unregistered('ios-xe')).log([]).command(registerCommand(), IN_PROGRESS).status(states.registering('ios-xe'));
  const { session, stream } = await openScripted(script);
  t.teardown(() => session.close());
  const controller = new AbortController();
  const error = await register(session, TOKEN, {
    signal: controller.signal,
    sleep: async (_ms, signal) => {
      controller.abort(new Error('SIGINT'));
      signal?.throwIfAborted();
    },
  }).catch((e: unknown) => e);
  t.match(error, { code: 'E_CANCELLED', host: 'cbr8-1', message: 'cbr8-1: register was cancelled' });
  t.equal(stream.remaining, 0);

  const idle = new DeviceScript('ios-xe').open();
  const b = await openScripted(idle);
  t.teardown(() => b.session.close());
  const done = new AbortController();
  done.abort(new Error('stop'));
  const before = b.stream.written;
  await t.rejects(register(b.session, TOKEN, { signal: done.signal }), { code: 'E_CANCELLED' });
  t.equal(b.stream.written, before, 'nothing sent');
});
