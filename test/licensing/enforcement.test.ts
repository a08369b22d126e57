import t from 'tap';
import {
  CBR8_LOCKED_COMMANDS,
  cbr8EnforcementState,
  isCopyAllowed,
  isLockedConfigLine,
  lockedCommandFor,
} from '../../src/licensing/enforcement.js';

t.test('enforcement state from the agent state (000:128-144)', async (t) => {
  const table: Array<[Parameters<typeof cbr8EnforcementState>[0], Parameters<typeof cbr8EnforcementState>[1], string]> = [
    ['unregistered', 'evaluation-expired', 'eval-expired'],
    ['registered', 'authorization-expired', 'auth-expired'],
    ['registration-expired', 'authorized', 'auth-expired'],
    ['registered', 'out-of-compliance', 'none'], // OOC alone does not lock [INF from 000:144]
    ['registered', 'authorized', 'none'],
    ['unregistered', 'evaluation', 'none'],
    [undefined, undefined, 'none'],
  ];
  for (const [registration, authorization, state] of table) t.equal(cbr8EnforcementState(registration, authorization), state, `${registration}/${authorization}`);
});

t.test('the three locked commands, with no-forms and abbreviations', async (t) => {
  t.equal(CBR8_LOCKED_COMMANDS.length, 3);
  const locked = [
    'cable upstream 0 shutdown',
    'no cable upstream 0 shutdown',
    'cable upstream shutdown 3',
    'cab ups 2 shut',
    '  cable   upstream 1 shutdown  ',
    'controller upstream-cable 1/0/0',
    'controller Upstream-Cable 9/0/15',
    'cont upstream-cable 1/0/1',
    'rf-chan 0 3',
    'rf-channel 12',
    'rf-ch 0',
    'no rf-chan 7',
  ];
  const free = [
    'cable upstream 0 frequency 30000000',
    'controller integrated-cable 1/0/0',
    'controller upstream-cable',
    'cable downstream shutdown',
    'call-home',
    'profile CiscoTAC-1',
    'ip name-server 198.51.100.247',
    'license smart register idtoken abc',
    'interface Cable1/0/0',
    'description rf-chan 0',
  ];
  for (const line of locked) {
    t.equal(isLockedConfigLine(line, 'eval-expired'), true, `locked when eval expired: ${line}`);
    t.equal(isLockedConfigLine(line, 'auth-expired'), true, `locked when auth expired: ${line}`);
    t.equal(isLockedConfigLine(line, 'none'), false, `free when not enforced: ${line}`);
    t.ok(lockedCommandFor(line, 'auth-expired'), line);
  }
  for (const line of free) t.equal(isLockedConfigLine(line, 'auth-expired'), false, `never locked: ${line}`);
  t.equal(lockedCommandFor('rf-chan 0 3', 'eval-expired')?.syntax, 'rf-ch <channel-number>');
  t.equal(lockedCommandFor('rf-chan 0 3', 'none'), null);
});

t.test('only running-config → startup-config may be copied while enforced (000:146-152)', async (t) => {
  const table: Array<[string, string, boolean]> = [
    ['running-config', 'startup-config', true],
    ['system:running-config', 'nvram:startup-config', true],
    ['run', 'start', true],
    ['tftp://10.0.0.1/cfg', 'startup-config', false],
    ['running-config', 'flash:backup.cfg', false],
    ['startup-config', 'running-config', false],
  ];
  for (const [source, destination, allowed] of table) {
    t.equal(isCopyAllowed(source, destination, 'eval-expired'), allowed, `${source} → ${destination}`);
    t.equal(isCopyAllowed(source, destination, 'none'), true, `${source} → ${destination} without enforcement`);
  }
});
