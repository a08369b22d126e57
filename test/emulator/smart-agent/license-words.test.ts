/** The words `show license` prints for the agent's registration, authorization and entitlement states. */
import t from 'tap';
import type { AgentAuthorizationStatus } from '../../../src/emulator/smart-agent/agent-state.js';
import { authorizationWord, entitlementWord, registrationWord } from '../../../src/emulator/smart-agent/license-words.js';

t.test('authorization states print the seed words (001:577 EVAL EXPIRED, 000:564 OUT OF COMPLIANCE)', async (t) => {
  const words: Record<AgentAuthorizationStatus, string> = {
    evaluation: 'EVAL MODE',
    'evaluation-expired': 'EVAL EXPIRED',
    'authorization-pending': 'WAITING',
    authorized: 'AUTHORIZED',
    'out-of-compliance': 'OUT OF COMPLIANCE',
    'authorization-expired': 'AUTH EXPIRED',
  };
  for (const [status, word] of Object.entries(words)) t.equal(authorizationWord(status as AgentAuthorizationStatus), word, status);
});

t.test('an entitlement in the same state as the authorization prints the same word', async (t) => {
  t.equal(entitlementWord('authorized'), 'AUTHORIZED');
  t.equal(entitlementWord('out-of-compliance'), 'OUT OF COMPLIANCE');
  t.equal(entitlementWord('evaluation-expired'), 'EVAL EXPIRED');
  t.equal(entitlementWord('waiting'), 'WAITING');
  t.equal(entitlementWord('not-authorized'), 'NOT AUTHORIZED');
  t.equal(entitlementWord('in-use'), 'IN USE');
});

t.test('registration states', async (t) => {
  t.equal(registrationWord('registered'), 'REGISTERED');
  t.equal(registrationWord('registration-failed'), 'UNREGISTERED - REGISTRATION FAILED');
});
