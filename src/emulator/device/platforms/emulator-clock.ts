/**
 * Emulator-only exec commands (no Cisco device has them) to move a device's virtual clock from a CLI session,
 * so a demo or an Ansible / netmiko run can jump 91 days and see `EVAL EXPIRED` / `AUTH EXPIRED`:
 *
 *   emulator clock advance <n> {seconds|minutes|hours|days}
 *   show emulator clock
 *
 * They work when the device runs on `ManualTimers` (virtual time); on wall-clock timers they refuse. Devices of
 * a fleet that share one `ManualTimers` move together. Timers that fall due run in order, and call homes they
 * start (the Smart Agent's) finish at the virtual instant they were sent (`ManualTimers.advanceAsync`).
 */
import { DAY, HOUR, MINUTE, SECOND } from '../../../clock.js';
import type { CommandContext, CommandDefinition } from '../cli/command.js';
import { ManualTimers } from '../timers.js';

const UNITS: Readonly<Record<string, number>> = { seconds: SECOND, minutes: MINUTE, hours: HOUR, days: DAY };

/** The refusal printed on a device that runs on wall-clock time. */
export const WALL_CLOCK_REFUSAL =
  '% Error: emulator clock: this device runs on wall-clock time; only a device started with ManualTimers (virtual time) can move its clock';

function describe(ctx: CommandContext): string[] {
  const timers = ctx.device.timers;
  const virtual = timers instanceof ManualTimers;
  return [
    `Emulator clock: ${virtual ? 'virtual (ManualTimers)' : 'wall clock'}`,
    `Current time: ${new Date(ctx.now()).toISOString()}`,
    ...(virtual ? [`Pending timers: ${timers.pending}`] : []),
  ];
}

export function emulatorClockCommands(): CommandDefinition[] {
  return [
    {
      syntax: 'emulator clock advance <n:number(1-100000)> {seconds|minutes|hours|days}:unit',
      modes: ['@privileged'],
      run: async (ctx, m) => {
        const timers = ctx.device.timers;
        if (!(timers instanceof ManualTimers)) {
          ctx.print(WALL_CLOCK_REFUSAL);
          ctx.control.markFailed();
          return;
        }
        const n = Number(m.args['n']);
        const unit = m.groups['unit'] ?? 'seconds';
        const before = ctx.now();
        await timers.advanceAsync(n * (UNITS[unit] ?? SECOND));
        ctx.print([
          `Emulator clock advanced by ${n} ${unit}: ${new Date(before).toISOString()} -> ${new Date(ctx.now()).toISOString()}`,
        ]);
      },
    },
    {
      syntax: 'show emulator clock',
      modes: ['@exec'],
      run: (ctx) => ctx.print(describe(ctx)),
    },
  ];
}
