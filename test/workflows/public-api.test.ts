import t from 'tap';
import * as smartlic from '../../src/index.js';
import { CssmClient } from '../../src/cssm/client.js';
import type { CssmPort } from '../../src/workflows/ports.js';

t.test('the workflows are exported from the package root', async (t) => {
  for (const name of [
    'runFleet$',
    'runDevice$',
    'summarize',
    'isTransientFailure',
    'retryDelay',
    'procedure$',
    'onboard$',
    'onboarding',
    'rmaDeregister$',
    'rmaDeregistration',
    'writeEvidenceBundle',
    'forceReregister$',
    'reregisterWithForce$',
    'forcedReregistration',
    'reregistrationWithForce',
    'complianceWatch$',
    'complianceWatch',
    'detectSyncLoss',
    'RMA_EVIDENCE_FORMAT',
    'DriverLicensingDevice',
    'inventoryDeviceOpener',
    'intentApplier',
  ] as const) {
    t.ok((smartlic as Record<string, unknown>)[name], name);
  }
});

t.test('CssmClient is a CssmPort as it is', async (t) => {
  const port: CssmPort = new CssmClient({ url: 'http://127.0.0.1:9', clientId: 'id', clientSecret: 'secret', smartAccount: 'sa.example', virtualAccount: 'Physical' });
  t.type(port.findProductInstance, 'function');
  t.type(port.removeProductInstance, 'function');
});
