import t from 'tap';
import { findDeviceFailure } from '../../../src/channel/cli/device-failure.js';
import { iosXe, iosXr } from '../../../src/platforms/index.js';

t.test('failure indicators, per platform', async (t) => {
  const table: Array<[string, 'xe' | 'xr', string, string | null]> = [
    ['invalid input after the caret', 'xe', "     ^\n% Invalid input detected at '^' marker.", 'E_CLI_INVALID_INPUT'],
    ['incomplete', 'xe', '% Incomplete command.', 'E_CLI_INCOMPLETE'],
    ['ambiguous', 'xe', '% Ambiguous command:  "sh c"', 'E_CLI_AMBIGUOUS'],
    ['%Error without a space', 'xe', '%Error opening bootflash:x (No such file or directory)', 'E_DEVICE_COMMAND'],
    ['% Bad mask', 'xe', '% Bad mask /33 for address 10.0.0.1', 'E_DEVICE_COMMAND'],
    ['unrecognized host', 'xe', '% Unrecognized host or address, or protocol not running.', 'E_DEVICE_COMMAND'],
    ['a warning is not an error', 'xe', '% Warning: use of this command is deprecated', null],
    ['syslog lines are not errors', 'xe', '*Jul  2 10:00:00: %SMART_LIC-3-COMM_FAILED: Communications failure', null],
    ['normal output', 'xe', 'Smart Licensing is ENABLED\nRegistration:\n  Status: REGISTERED', null],
    ['success line with %', 'xe', '% Certificate successfully imported', null],
    ['XR commit failure', 'xr', "% Failed to commit one or more configuration items during a pseudo-atomic operation.", 'E_DEVICE_COMMAND'],
    ['XR invalid input', 'xr', "   ^\n% Invalid input detected at '^' marker.", 'E_CLI_INVALID_INPUT'],
    ['XR show configuration failed body is not an error', 'xr', '!!% Invalid URL', null],
    ['empty', 'xr', '', null],
  ];
  for (const [name, platform, output, code] of table) {
    const found = findDeviceFailure(output, platform === 'xe' ? iosXe : iosXr);
    t.equal(found?.code ?? null, code, name);
  }
  t.same(findDeviceFailure('ok\n  % Incomplete command.  \nmore', iosXe), { code: 'E_CLI_INCOMPLETE', line: '% Incomplete command.' });
});
