/**
 * The cBR-8 side of out-of-compliance enforcement (000:126-152): while the Smart Agent reports EVAL EXPIRED or
 * AUTH EXPIRED, the platform refuses the three DOCSIS commands — `[no] cable upstream <n> shutdown`,
 * `controller upstream-cable <slot/subslot/port>` (entering it too) and `rf-chan`/`rf-ch <n>` — through a
 * configuration validator, so the CLI, NETCONF and SDK edits are all refused; every other line stays configurable.
 * Only `copy running-config startup-config` may be copied meanwhile. Registering again lifts both.
 *
 * [INF] The seed says only that "a warning message will be displayed"; the texts are ours, printed as `% Error: …`
 * so that automation clients fail the task.
 */
import { isCopyAllowed, lockedCommandFor, type EnforcementState } from '../../licensing/enforcement.js';
import type { CommandDefinition } from '../device/cli/command.js';
import type { ConfigValidator } from '../device/config/store.js';
import { toIndentedLines } from '../device/config/tree.js';
import { smartAgentOf } from './agent-registry.js';
import type { SmartAgent } from './smart-agent.js';

function stateWord(state: Exclude<EnforcementState, 'none'>): string {
  return state === 'eval-expired' ? 'EVAL EXPIRED' : 'AUTH EXPIRED';
}

export function lockMessage(state: Exclude<EnforcementState, 'none'>, line: string): string {
  return `% Error: Smart Licensing enforcement (${stateWord(state)}): "${line}" is locked until the device is registered again (license smart register idtoken <token>)`;
}

export function copyLockMessage(state: Exclude<EnforcementState, 'none'>): string {
  return `% Error: Smart Licensing enforcement (${stateWord(state)}): only "copy running-config startup-config" is allowed until the device is registered again`;
}

/** Refuses the locked DOCSIS lines (and anything under a locked block) while the agent enforces. */
export function enforcementValidator(agent: SmartAgent): ConfigValidator {
  return (change) => {
    const state = agent.enforcement();
    if (state === 'none') return undefined;
    for (const line of [...change.path, change.line]) {
      if (lockedCommandFor(line, state) !== null) return lockMessage(state, line);
    }
    return undefined;
  };
}

/**
 * `copy <source> <destination>` for sources other than `running-config` (which the built-in command handles):
 * refused while enforced; otherwise `startup-config` → `running-config` merges the startup configuration, and
 * other files do not exist on the emulated flash.
 */
export function cbr8CopyCommand(): CommandDefinition {
  return {
    syntax: 'copy <source:word> <destination:word>',
    modes: ['privileged-exec'],
    run: async (ctx, m) => {
      const source = m.args['source'] ?? '';
      const destination = m.args['destination'] ?? '';
      const state = smartAgentOf(ctx.device)?.enforcement() ?? 'none';
      if (state !== 'none' && !isCopyAllowed(source, destination, state)) {
        ctx.print(copyLockMessage(state));
        ctx.control.markFailed();
        return;
      }
      const startup = ctx.device.config.startup();
      if (!/^(?:nvram:)?startup-config$/i.test(source) || startup === undefined) {
        ctx.print(`%Error opening ${source} (No such file or directory)`);
        ctx.control.markFailed();
        return;
      }
      const target = /^(?:system:)?running-config$/i.test(destination) ? 'running-config' : destination;
      const answer = (await ctx.ask(`Destination filename [${target.replace(/^\w+:/, '')}]? `)).trim();
      if (target !== 'running-config' || (answer !== '' && answer !== 'running-config')) {
        ctx.print(`%Error opening ${answer === '' ? target : answer} (Permission denied)`);
        ctx.control.markFailed();
        return;
      }
      const text = toIndentedLines(startup);
      const result = ctx.device.config.apply(text.join('\n'), { user: ctx.session.user, source: 'cli' });
      if (!result.ok) {
        ctx.print(result.rejected.map((r) => r.message));
        ctx.control.markFailed();
        return;
      }
      if (result.changes.length > 0) ctx.control.markConfigChanged();
      const bytes = Buffer.byteLength(text.map((l) => `${l}\n`).join(''));
      ctx.print(`${bytes} bytes copied in 0.052 secs (${Math.round(bytes / 0.052)} bytes/sec)`);
    },
  };
}
