import t from 'tap';
import * as smartlic from '../../src/index.js';

t.test('the licensing operations and the device facade are exported from the package root', async (t) => {
  for (const name of [
    'openDevice',
    'Device',
    'register',
    'renewId',
    'renewAuth',
    'deregister',
    'licensingStatus',
    'licensingStateOf',
    'runLicensingOperation',
    'operationProgress',
    'observeLicensing',
    'observeSyslog',
    'newSyslogEvents',
    'judgeFailure',
    'judgeReply',
    'validateIdToken',
    'pollUntil',
    'pollDelay',
    'systemSleep',
    'SHOW_LICENSING_LOG',
    'connectNetconf',
    'NetconfConnection',
    'netconfLicensingStatus',
    'readLicensingStateXml',
    'buildLicensingRpc',
    'judgeActionReply',
    'SMART_LICENSE_YANG',
    'netconfLicensing',
  ] as const) {
    t.ok((smartlic as Record<string, unknown>)[name], name);
  }
  t.throws(() => smartlic.validateIdToken('x y'), { code: 'E_INVALID_ARGUMENT' });
});
