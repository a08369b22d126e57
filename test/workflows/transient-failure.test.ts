import t from 'tap';
import {
  AuthError,
  ClosedError,
  CommitError,
  ConfigLineError,
  ConnectError,
  CssmError,
  DeviceCommandError,
  InvalidIntentError,
  LicensingError,
  TimeoutError,
  WorkflowError,
  type CommFailureCause,
} from '../../src/errors.js';
import { errorJson } from '../../src/workflows/events.js';
import { isTransientFailure } from '../../src/workflows/transient-failure.js';

const comm = (cause?: CommFailureCause): LicensingError => new LicensingError('E_COMM_FAILED', 'register', 'failed', cause === undefined ? {} : { commCause: cause });

t.test('transient: connection, closed, timeout, CSSM unreachable or 5xx', async (t) => {
  const transient: Array<[string, unknown]> = [
    ['E_CONNECT', new ConnectError('r1', 22, 'connection refused')],
    ['E_CLOSED', new ClosedError('r1', 'connection reset')],
    ['E_TIMEOUT', new TimeoutError('show license all', 30_000, { host: 'r1' })],
    ['E_COMM_FAILED unreachable', comm('unreachable')],
    ['E_COMM_FAILED http', comm('http')],
    ['E_COMM_FAILED without cause', comm()],
    ['CSSM 503', new CssmError('GET', 'https://cssm/x', 503, 'Service Unavailable')],
    ['CSSM 500', new CssmError('GET', 'https://cssm/x', 500, '')],
    ['CSSM 429', new CssmError('GET', 'https://cssm/x', 429, 'slow down')],
    ['CSSM network (status 0)', new CssmError('GET', 'https://cssm/x', 0, 'network error: ECONNREFUSED')],
  ];
  for (const [name, error] of transient) {
    t.equal(isTransientFailure(error), true, name);
    t.equal(isTransientFailure(errorJson(error)), true, `${name} (event JSON)`);
  }
});

t.test('permanent: bad token, registration state, sync loss, configuration, credentials, bugs', async (t) => {
  const permanent: Array<[string, unknown]> = [
    ['E_TOKEN_INVALID', new LicensingError('E_TOKEN_INVALID', 'register', 'bad token')],
    ['E_TOKEN_EXPIRED', new LicensingError('E_TOKEN_EXPIRED', 'register', 'expired')],
    ['E_TOKEN_USED_UP', new LicensingError('E_TOKEN_USED_UP', 'register', 'used up')],
    ['E_TOKEN_REVOKED', new LicensingError('E_TOKEN_REVOKED', 'register', 'revoked')],
    ['E_ALREADY_REGISTERED', new LicensingError('E_ALREADY_REGISTERED', 'register', 'already')],
    ['E_NOT_REGISTERED', new LicensingError('E_NOT_REGISTERED', 'renew-auth', 'not registered')],
    ['E_SYNC_LOST', new LicensingError('E_SYNC_LOST', 'renew-auth', 'Data and signature do not match')],
    ['E_REGISTRATION_FAILED', new LicensingError('E_REGISTRATION_FAILED', 'register', 'failed')],
    ['E_COMM_FAILED dns', comm('dns')],
    ['E_COMM_FAILED proxy', comm('proxy')],
    ['E_COMM_FAILED certificate', comm('certificate')],
    ['E_COMM_FAILED config', comm('config')],
    ['E_INVALID_INTENT', new InvalidIntentError([{ pointer: '/dns', message: 'bad' }])],
    ['E_COMMIT_FAILED', new CommitError('% Failed to commit', '')],
    ['config line rejected', new ConfigLineError('ip name-server x', '% Invalid input', 'ios-xe', { lineIndex: 0, applied: [], code: 'E_CLI_INVALID_INPUT' })],
    ['E_DEVICE_COMMAND', new DeviceCommandError('show x', '% error', 'ios-xe')],
    ['E_AUTH', new AuthError('r1', 'admin', ['password'])],
    ['E_WORKFLOW', new WorkflowError('onboard', 'verify', 'not registered')],
    ['CSSM 404', new CssmError('GET', 'https://cssm/x', 404, 'Not Found')],
    ['CSSM 401', new CssmError('GET', 'https://cssm/x', 401, '')],
    ['plain Error (a bug)', new Error('undefined is not a function')],
    ['TypeError', new TypeError('x is not a function')],
    ['a string', 'E_CLOSED'],
    ['null', null],
  ];
  for (const [name, error] of permanent) t.equal(isTransientFailure(error), false, name);
});
