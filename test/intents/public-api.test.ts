import t from 'tap';
import * as smartlic from '../../src/index.js';

t.test('intents and the configure driver are exported from the package root', async (t) => {
  for (const name of [
    'validateIntent',
    'intentIssues',
    'readLicensingConfig',
    'LICENSING_CONFIG_COMMANDS',
    'planChange',
    'renderIntent',
    'planRestoreEdits',
    'configLinesOf',
    'renderDiff',
    'applyConfiguration',
    'planConfiguration',
    'readLicensingState',
    'readNetconfLicensingConfig',
    'NETCONF_LICENSING_FILTERS',
    'planNetconfChange',
    'renderIntentNetconf',
    'renderConfigTransition',
    'netconfIntentIssues',
    'configAfterEdits',
    'applyConfigurationNetconf',
    'planConfigurationNetconf',
    'readLicensingStateNetconf',
  ] as const) {
    t.ok((smartlic as Record<string, unknown>)[name], name);
  }
  t.same(smartlic.renderIntent({ dns: { nameServer: ['192.0.2.53'] } }, 'ios-xr'), ['domain name-server 192.0.2.53']);
  t.throws(() => smartlic.validateIntent({ dns: {} }), { code: 'E_INVALID_INTENT' });
  t.match(
    smartlic.renderIntentNetconf({ dns: { nameServer: ['192.0.2.53'] } }, 'ios-xr'),
    /^<domain xmlns="http:\/\/cisco\.com\/ns\/yang\/Cisco-IOS-XR-um-domain-cfg"><name-servers [^>]*nc:operation="replace"><name-server><order>0<\/order><address>192\.0\.2\.53<\/address>/,
  );
});
