import t from 'tap';
import * as smartlic from '../../src/index.js';

t.test('the NETCONF client, framing and server engine are exported from the package root', async (t) => {
  for (const name of [
    'NetconfClient',
    'NetconfSession',
    'applyConfigTransaction',
    'buildEditConfig',
    'parseRpcReply',
    'describeCapabilities',
    'parseXml',
    'renderXml',
    'NetconfMessageChannel',
    'openNetconfSubsystem',
    'serveNetconf',
    'NetconfDevice',
    'MemoryDatastore',
    'IOS_XE_NETCONF_PROFILE',
    'IOS_XR_NETCONF_PROFILE',
    'IOS_XE_YANG_MODULES',
    'DEVICE_SCHEMA_HINTS',
    'rpcFailure',
    'netconfExtension',
    'DeviceDatastore',
    'iosXeBinding',
    'iosXrBinding',
    'XE_NATIVE_NS',
    'XR_UM_CALL_HOME_NS',
    'XR_CALL_HOME_NS',
    'NetconfRpcError',
    'NetconfProtocolError',
    'FramingError',
  ] as const) {
    t.ok((smartlic as Record<string, unknown>)[name], name);
  }
  t.equal(new smartlic.NetconfProtocolError('x', { host: 'r1' }).code, 'E_NETCONF_PROTOCOL');
});
