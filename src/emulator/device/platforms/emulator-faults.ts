/**
 * Emulator-only exec commands (no Cisco device has them) that set a device's fault knobs (faults.ts) from a CLI
 * session, so a netmiko or Ansible run against `smartlic emulate` can meet the faults the SDK tests inject:
 *
 *   emulator fault drop-after <n> [mid-output]       drop the connection at the request after n more
 *   emulator fault stall-after <n> [milliseconds <ms>] stall that answer half-way (for ms, or for good)
 *   emulator fault output-delay <ms>                 every CLI answer ms late (0 clears)
 *   emulator fault paging <lines>                    --More-- every <lines> whatever terminal length says (0 clears)
 *   emulator fault dns {not-answering|answering}     the device's name servers stop / start answering
 *   emulator fault reboot [down-seconds <s>]         reload now (sessions dropped, unsaved configuration lost)
 *   emulator fault clear                             every knob back to normal
 *   show emulator faults
 *
 * Requests are counted over all the device's sessions (CLI lines and NETCONF rpcs), from the one after this command.
 */
import { InvalidArgumentError } from '../../../errors.js';
import type { CommandContext, CommandDefinition } from '../cli/command.js';
import type { FaultSettings } from '../faults.js';

function describe(settings: FaultSettings): string[] {
  const lines = [
    `Drop after requests: ${settings.dropAfterCommands === undefined ? 'off' : `${settings.dropAfterCommands}${settings.dropMidOutput === true ? ' (mid-output)' : ''}`}`,
    `Stall after requests: ${settings.stallAfterCommands === undefined ? 'off' : `${settings.stallAfterCommands} (${settings.stallMs === undefined ? 'for good' : `${settings.stallMs} ms`})`}`,
    `Output delay: ${settings.outputDelayMs ?? 0} ms`,
    `Forced paging: ${settings.pagingLength === undefined ? 'off' : `${settings.pagingLength} lines`}`,
    `Name servers: ${settings.dnsNotAnswering === true ? 'not answering' : 'answering'}`,
  ];
  return lines;
}

function apply(ctx: CommandContext, settings: FaultSettings): void {
  try {
    ctx.device.faults.set(settings);
    ctx.print(describe(ctx.device.faults.get()));
  } catch (error) {
    if (!(error instanceof InvalidArgumentError)) throw error;
    ctx.print(`% Error: emulator fault: ${error.message}`);
    ctx.control.markFailed();
  }
}

const PRIVILEGED: CommandDefinition['modes'] = ['@privileged'];

export function emulatorFaultCommands(): CommandDefinition[] {
  return [
    {
      syntax: 'emulator fault drop-after <n:number(0-100000)> [mid-output]',
      modes: PRIVILEGED,
      run: (ctx, m) => apply(ctx, { dropAfterCommands: Number(m.args['n']), dropMidOutput: m.keywords.has('mid-output') }),
    },
    {
      syntax: 'emulator fault stall-after <n:number(0-100000)> [milliseconds <ms:number(1-3600000)>]',
      modes: PRIVILEGED,
      run: (ctx, m) => apply(ctx, { stallAfterCommands: Number(m.args['n']), ...(m.args['ms'] === undefined ? {} : { stallMs: Number(m.args['ms']) }) }),
    },
    {
      syntax: 'emulator fault output-delay <ms:number(0-600000)>',
      modes: PRIVILEGED,
      run: (ctx, m) => apply(ctx, { outputDelayMs: Number(m.args['ms']) }),
    },
    {
      syntax: 'emulator fault paging <lines:number(0-512)>',
      modes: PRIVILEGED,
      run: (ctx, m) => apply(ctx, { pagingLength: Number(m.args['lines']) }),
    },
    {
      syntax: 'emulator fault dns {not-answering|answering}:state',
      modes: PRIVILEGED,
      run: (ctx, m) => apply(ctx, { dnsNotAnswering: m.groups['state'] === 'not-answering' }),
    },
    {
      syntax: 'emulator fault reboot [down-seconds <s:number(0-86400)>]',
      modes: PRIVILEGED,
      run: (ctx, m) => {
        const downMs = Number(m.args['s'] ?? 0) * 1000;
        ctx.print(`Emulator: reloading${downMs > 0 ? `, SSH refused for ${downMs / 1000} s of device time` : ''}`);
        // The reload drops this session too: it starts once the answer is on its way.
        setImmediate(() => void ctx.device.reboot({ downMs }).catch(() => undefined));
      },
    },
    {
      syntax: 'emulator fault clear',
      modes: PRIVILEGED,
      run: (ctx) => {
        ctx.device.faults.clear();
        ctx.print(describe(ctx.device.faults.get()));
      },
    },
    {
      syntax: 'show emulator faults',
      modes: ['@exec'],
      run: (ctx) => ctx.print(describe(ctx.device.faults.get())),
    },
  ];
}
