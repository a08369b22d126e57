import t from 'tap';
import { judgeReply } from '../../src/driver/command-reply.js';
import { iosXe } from '../../src/platforms/ios-xe.js';
import { iosXr } from '../../src/platforms/ios-xr.js';

t.test('quiet prompts and progress notes are accepted', async (t) => {
  t.same(judgeReply('', iosXe), { kind: 'accepted' });
  t.same(judgeReply("Registration process is in progress. Use the 'show license status' command to check the progress and result", iosXe), { kind: 'accepted' });
  t.same(judgeReply('Renewal of the authorization is in progress', iosXr), { kind: 'accepted' });
});

t.test('licensing refusals in the agent\'s words are classified', async (t) => {
  const rows: Array<[string, string]> = [
    ['% Device is already registered. Use the force option to re-register.', 'E_ALREADY_REGISTERED'],
    ['Smart Licensing: the device is not registered', 'E_NOT_REGISTERED'],
    ['% Error: The ID token is not valid', 'E_TOKEN_INVALID'],
    ['Smart Licensing is disabled', 'E_REGISTRATION_FAILED'],
  ];
  for (const [reply, code] of rows) {
    const v = judgeReply(reply, iosXe);
    t.equal(v.kind, 'refused', reply);
    if (v.kind === 'refused') {
      t.equal(v.failure.code, code, reply);
      t.same(v.failure.evidence, [reply.trim()]);
    }
  }
  const generic = judgeReply('Smart Licensing is disabled', iosXe);
  t.match(generic, { kind: 'refused', failure: { reason: 'Smart Licensing is disabled' } }, 'a generic refusal keeps the device words as reason');
});

t.test('CLI errors stay device errors', async (t) => {
  t.match(judgeReply("        ^\n% Invalid input detected at '^' marker.", iosXe), { kind: 'device-error', failure: { code: 'E_CLI_INVALID_INPUT' } });
  t.match(judgeReply('% Incomplete command.', iosXr), { kind: 'device-error', failure: { code: 'E_CLI_INCOMPLETE' } });
});
