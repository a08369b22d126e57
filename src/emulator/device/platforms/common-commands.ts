/**
 * Exec commands both platforms answer the same way (modulo texts): terminal settings, `show privilege`,
 * `show clock`, `show inventory`, `show version`, `exit` / `logout`, `do` in configuration modes.
 */
import type { CommandDefinition } from '../cli/command.js';
import { xeClock, xrClock } from '../device-time.js';
import { runtimeOf } from '../device-runtime.js';
import { emulatorClockCommands } from './emulator-clock.js';
import { emulatorFaultCommands } from './emulator-faults.js';
import { showInventory, xeShowVersion, xrShowVersion } from './model-texts.js';
import { showLogging } from './show-logging.js';

export function terminalCommands(): CommandDefinition[] {
  return [
    {
      syntax: 'terminal length <n:number(0-512)>',
      modes: ['@exec'],
      timestamp: false,
      run: (ctx, m) => ctx.control.setTerminal({ length: Number(m.args['n']) }),
    },
    {
      syntax: 'terminal width <n:number(0-512)>',
      modes: ['@exec'],
      timestamp: false,
      run: (ctx, m) => ctx.control.setTerminal({ width: Number(m.args['n']) }),
    },
    {
      syntax: ['terminal monitor', 'terminal no monitor'],
      modes: ['@exec'],
      timestamp: false,
      run: () => undefined,
    },
  ];
}

export function sessionCommands(): CommandDefinition[] {
  return [
    {
      syntax: ['exit', 'logout', 'quit'],
      modes: ['@exec'],
      kind: 'mode',
      timestamp: false,
      run: (ctx) => ctx.control.close(),
    },
    {
      syntax: 'show privilege',
      modes: ['@exec'],
      run: (ctx) => ctx.print(`Current privilege level is ${ctx.session.privilege}`),
    },
  ];
}

/**
 * `show version`, `show inventory`, `show clock`, `show logging`, and the emulator-only clock commands;
 * `extraModes` adds IOS-XR configuration modes to the show commands.
 */
export function showCommands(extraModes: readonly CommandDefinition['modes'][number][] = []): CommandDefinition[] {
  const modes = ['@exec' as const, ...extraModes];
  return [
    {
      syntax: 'show version',
      modes,
      timestamp: true,
      run: (ctx) => {
        const rt = runtimeOf(ctx.device);
        ctx.print(
          rt.platform.id === 'ios-xe'
            ? xeShowVersion(rt.identity, rt.hostname(), ctx.now())
            : xrShowVersion(rt.identity, ctx.now()),
        );
      },
    },
    {
      syntax: 'show inventory',
      modes,
      timestamp: true,
      run: (ctx) => ctx.print(showInventory(runtimeOf(ctx.device).identity)),
    },
    {
      syntax: 'show clock',
      modes,
      timestamp: true,
      run: (ctx) => ctx.print(ctx.platform === 'ios-xe' ? xeClock(ctx.now()) : xrClock(ctx.now())),
    },
    showLogging(modes),
    ...emulatorClockCommands(),
    ...emulatorFaultCommands(),
  ];
}

/** `do <exec command>` in configuration modes (both platforms). */
export function doCommand(execMode: string): CommandDefinition {
  return {
    syntax: 'do <command:line>',
    modes: ['@config'],
    pipes: false,
    timestamp: false,
    run: async (ctx, m) => {
      const start = m.tokens[m.argIndex['command'] ?? 1]?.start ?? 0;
      await ctx.control.executeIn(execMode, m.line, start);
    },
  };
}
