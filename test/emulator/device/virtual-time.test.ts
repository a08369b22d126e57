/**
 * Virtual time: `ManualTimers.advanceAsync()` steps from timer to timer and lets the asynchronous work a timer
 * started (`track()`) finish before the next one falls due; and the emulator-only clock commands move it from a
 * CLI session (refused on wall-clock devices).
 */
import t from 'tap';
import { DAY, HOUR, MINUTE } from '../../../src/clock.js';
import { startDevice } from '../../../src/emulator/device/device.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import { WALL_CLOCK_REFUSAL } from '../../../src/emulator/device/platforms/emulator-clock.js';
import { openShell } from './helpers/cli-client.js';

t.test('advanceAsync runs async work started by a timer at the instant the timer fired', async (t) => {
  const timers = new ManualTimers('2026-01-01T00:00:00Z');
  const seen: string[] = [];
  // A "call home" every 10 minutes whose reply arrives asynchronously and arms the next one from the reply.
  const tick = (): void => {
    const firedAt = timers.now();
    timers.track(
      (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(new Date(firedAt).toISOString().slice(11, 16));
        timers.setTimeout(tick, 10 * MINUTE);
      })(),
    );
  };
  timers.setTimeout(tick, 10 * MINUTE);
  t.equal(timers.nextDueAt(), Date.parse('2026-01-01T00:10:00Z'));
  await timers.advanceAsync(HOUR);
  t.same(seen, ['00:10', '00:20', '00:30', '00:40', '00:50', '01:00']);
  t.equal(timers.now(), Date.parse('2026-01-01T01:00:00Z'));

  // The synchronous advance only fires what is due now: the reply arms its successor after the jump.
  const sync = new ManualTimers('2026-01-01T00:00:00Z');
  let replies = 0;
  const syncTick = (): void => {
    sync.track(Promise.resolve().then(() => (replies++, sync.setTimeout(syncTick, 10 * MINUTE))));
  };
  sync.setTimeout(syncTick, 10 * MINUTE);
  sync.advance(HOUR);
  await sync.settle();
  t.equal(replies, 1, 'advance() does not wait for replies between timers');
});

t.test('advanceAsync refuses a negative or non-finite jump and lands exactly on the target', async (t) => {
  const timers = new ManualTimers('2026-01-01T00:00:00Z');
  await t.rejects(timers.advanceAsync(-1), RangeError);
  await t.rejects(timers.advanceAsync(Number.NaN), RangeError);
  let fired = 0;
  timers.setTimeout(() => fired++, 2 * DAY);
  await timers.advanceAsync(DAY);
  t.equal(fired, 0);
  t.equal(timers.nextDueAt(), Date.parse('2026-01-03T00:00:00Z'));
  await timers.advanceAsync(DAY);
  t.equal(fired, 1);
  t.equal(timers.nextDueAt(), undefined);
  t.equal(timers.now(), Date.parse('2026-01-03T00:00:00Z'));
});

t.test('emulator clock commands: advance and show in virtual time, refused on wall-clock time', async (t) => {
  const timers = new ManualTimers('2026-01-01T00:00:00Z');
  const xe = await startDevice({ model: 'cBR-8' }, { timers });
  const xr = await startDevice({ model: 'NCS-1004' }, { timers });
  const wall = await startDevice({ model: 'NCS-560' });
  t.teardown(async () => Promise.all([xe.close(), xr.close(), wall.close()]));

  const cli = await openShell(xe.port);
  t.teardown(() => cli.close());
  t.match(await cli.cmd('show emulator clock'), /^Emulator clock: virtual \(ManualTimers\)\nCurrent time: 2026-01-01T00:00:00\.000Z\nPending timers: \d+\n$/);
  t.equal(
    await cli.cmd('emulator clock advance 91 days'),
    'Emulator clock advanced by 91 days: 2026-01-01T00:00:00.000Z -> 2026-04-02T00:00:00.000Z\n',
  );
  t.equal(await cli.cmd('show clock'), '*00:00:00.000 UTC Thu Apr 2 2026\n');

  const xrCli = await openShell(xr.port);
  t.teardown(() => xrCli.close());
  t.match(await xrCli.cmd('emulator clock adv 90 min'), /^\w{3} Apr {2}2 01:30:00\.000 UTC\nEmulator clock advanced by 90 minutes: 2026-04-02T00:00:00\.000Z -> 2026-04-02T01:30:00\.000Z\n$/);
  t.match(await xrCli.cmd('emulator clock advance 0 days'), /% Invalid input/);

  const wallCli = await openShell(wall.port);
  t.teardown(() => wallCli.close());
  t.match(await wallCli.cmd('emulator clock advance 1 hours'), new RegExp(`^\\w{3} .*\\n${WALL_CLOCK_REFUSAL.replace(/[()]/g, '\\$&')}\\n$`));
  t.match(await wallCli.cmd('show emulator clock'), /Emulator clock: wall clock\n/);
  const entry = wall.commandLog.entries().find((e) => e.line === 'emulator clock advance 1 hours');
  t.equal(entry?.outcome, 'failed');
});

t.test('show logging prints the buffer in clock order, with pipes', async (t) => {
  const timers = new ManualTimers('2026-01-01T00:00:00Z');
  const xe = await startDevice({ model: 'cBR-8' }, { timers });
  const xr = await startDevice({ model: 'NCS-560' }, { timers });
  t.teardown(async () => Promise.all([xe.close(), xr.close()]));
  const at = Date.parse('2026-01-01T00:00:00Z');
  xe.syslog.append({ at: at + 5000, facility: 'SMART_LIC', severity: 3, mnemonic: 'COMM_FAILED', text: 'Communications failure with Cisco licensing cloud: Connection refused' });
  xe.syslog.append({ at: at + 1000, facility: 'SMART_LIC', severity: 6, mnemonic: 'AGENT_REG_SUCCESS', text: 'earlier, logged later' });
  xr.syslog.append({ at, facility: 'LICENSE-SMART_LIC', severity: 3, mnemonic: 'AGENT_DEREG_FAILED', process: 'smartlicserver[311]', text: 'Smart Agent for Licensing DeRegistration with Cisco Smart Software Manager (CSSM) failed: x' });

  const cli = await openShell(xe.port);
  t.teardown(() => cli.close());
  await cli.cmd('terminal length 0');
  const all = await cli.cmd('show logging');
  t.match(all, /^Syslog logging: enabled/);
  t.match(all, /Log Buffer \(10000000 bytes\):\n\n\*Jan {2}1 00:00:01\.000 UTC: %SMART_LIC-6-AGENT_REG_SUCCESS: earlier, logged later\n\*Jan {2}1 00:00:05\.000 UTC: %SMART_LIC-3-COMM_FAILED: Communications failure/);
  t.equal(await cli.cmd('show logging | include COMM_FAILED'), '*Jan  1 00:00:05.000 UTC: %SMART_LIC-3-COMM_FAILED: Communications failure with Cisco licensing cloud: Connection refused\n');

  const xrCli = await openShell(xr.port);
  t.teardown(() => xrCli.close());
  t.match(
    await xrCli.cmd('show logging | include DeReg'),
    /^Thu Jan {2}1 00:00:00\.000 UTC\nRP\/0\/RP0\/CPU0:Jan {2}1 00:00:00\.000 UTC: smartlicserver\[311\]: %LICENSE-SMART_LIC-3-AGENT_DEREG_FAILED : Smart Agent for Licensing DeRegistration/,
  );
});
