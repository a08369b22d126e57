import t from 'tap';
import {
  AuthError,
  DeviceCommandError,
  HostKeyError,
  InvalidIntentError,
  LicensingError,
  SmartlicError,
  TimeoutError,
  firstErrorLine,
} from '../src/errors.js';
import { Secret } from '../src/secret.js';

t.test('errors carry a stable code, the host, and no secret', async (t) => {
  const token = new Secret('SECRET-TOKEN-abc123');
  const err = new DeviceCommandError(
    `license smart register idtoken ${token.reveal()}`,
    "                              ^\r\n% Invalid input detected at '^' marker.\r\n",
    'ios-xe',
    { host: 'cbr8-1', code: 'E_CLI_INVALID_INPUT' },
  );
  t.ok(err instanceof SmartlicError);
  t.equal(err.code, 'E_CLI_INVALID_INPUT');
  t.equal(err.host, 'cbr8-1');
  t.match(err.message, /^cbr8-1: ios-xe rejected "license smart register idtoken \*\*\*": % Invalid input detected/);
  t.notMatch(JSON.stringify(err), /SECRET-TOKEN/);
  t.notMatch(err.command, /SECRET-TOKEN/);
  t.equal(err.name, 'DeviceCommandError');
});

t.test('messages name what and where', async (t) => {
  const cases: Array<[SmartlicError, string, RegExp]> = [
    [new AuthError('10.0.0.1', 'admin', ['password']), 'E_AUTH', /10\.0\.0\.1: authentication failed for user "admin" \(tried: password\)/],
    [new HostKeyError('r1', 'mismatch', 'SHA256:aaa', 'SHA256:bbb'), 'E_HOSTKEY', /presented SHA256:aaa, expected SHA256:bbb/],
    [new TimeoutError('waiting for prompt', 5000, { host: 'r1', tail: 'Router#sh' }), 'E_TIMEOUT', /r1: waiting for prompt timed out after 5000 ms; last output: "Router#sh"/],
    [new InvalidIntentError([{ pointer: '/dns/servers/0', message: 'not an IP address' }]), 'E_INVALID_INTENT', /\/dns\/servers\/0: not an IP address/],
    [new LicensingError('E_COMM_FAILED', 'register', 'cannot reach CSSM', { host: 'r1', commCause: 'dns' }), 'E_COMM_FAILED', /r1: register: cannot reach CSSM/],
  ];
  for (const [err, code, re] of cases) {
    t.equal(err.code, code);
    t.match(err.message, re);
    t.equal((err.toJSON() as { code: string }).code, code);
  }
});

t.test('firstErrorLine picks the line that reads like an error', async (t) => {
  t.equal(firstErrorLine('foo\r\n   ^\r\n% Incomplete command.\r\n'), '% Incomplete command.');
  t.equal(firstErrorLine('plain\n'), 'plain');
  t.equal(firstErrorLine(''), '(no output)');
});

t.test('toJSON scrubs secrets from the fields of a subclass at any depth (device lines in evidence, issue messages)', async (t) => {
  const token = new Secret('EvidenceToken-77aa-%0Aqq%3D%0A');
  const error = new LicensingError('E_REGISTRATION_FAILED', 'register', 'registration failed', {
    host: 'cbr8-1',
    evidence: [`license smart register idtoken ${token.reveal()}`, 'Registration Status: UNREGISTERED'],
  });
  const json = JSON.stringify(error.toJSON());
  t.notOk(json.includes(token.reveal()), json);
  t.match(error.toJSON(), { evidence: ['license smart register idtoken ***', 'Registration Status: UNREGISTERED'] });
  const intent = new InvalidIntentError([{ pointer: '/callHome/direct/url', message: `has ${token.reveal()}` }]);
  t.notOk(JSON.stringify(intent.toJSON()).includes(token.reveal()));
});
