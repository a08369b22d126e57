/**
 * The Smart Agent's exec commands, as the seeds write them (privileged exec):
 *
 *   license smart register idtoken <token> [force]     000:456, 001:417, 004:234-236 (the token is a secret argument:
 *                                                      the command log prints `***`)
 *   license smart renew                                IOS-XE (000:1041): renews the ID certificate and the authorization
 *   license smart renew {id|auth}                      001:439, 004:240-244
 *   license smart deregister                           000:1051, 001:452, 004:238
 *
 * and the show commands rendered from the agent's state: `show license status|all|summary|usage|udi`,
 * `show license tech support` (IOS-XE), `show license platform summary|detail` (IOS-XR),
 * `show call-home smart-licensing statistics`; plus the cBR-8 `copy` guard (cbr8-enforcement.ts).
 */
import { InvalidArgumentError } from '../../errors.js';
import type { PlatformId } from '../../platforms/types.js';
import type { CommandContext, CommandDefinition } from '../device/cli/command.js';
import type { SmartAgentSnapshot } from './agent-state.js';
import { smartAgentOf } from './agent-registry.js';
import { cbr8CopyCommand } from './cbr8-enforcement.js';
import type { RenderContext } from './license-words.js';
import { renderCallHomeStatistics } from './show-call-home-statistics.js';
import { renderLicenseAll, renderLicenseStatus, renderLicenseSummary, renderLicenseUdi, renderLicenseUsage } from './show-license.js';
import { renderPlatformDetail, renderPlatformSummary } from './show-license-platform.js';
import { renderLicenseTechSupport } from './show-license-tech-support.js';
import type { SmartAgent } from './smart-agent.js';

/** [INF] A device whose agent is not running (closed) answers as if Smart Licensing were off. */
const NO_AGENT = '% Error: Smart Licensing agent is not running';

function withAgent(ctx: CommandContext, fn: (agent: SmartAgent) => void | Promise<void>): void | Promise<void> {
  const agent = smartAgentOf(ctx.device);
  if (agent === undefined) {
    ctx.print(NO_AGENT);
    ctx.control.markFailed();
    return;
  }
  return fn(agent);
}

function show(render: (s: SmartAgentSnapshot, r: RenderContext, agent: SmartAgent) => string[]): CommandDefinition['run'] {
  return (ctx) =>
    withAgent(ctx, (agent) => {
      const device = ctx.device;
      ctx.print(render(agent.snapshot(), { platform: device.platform, model: device.model, identity: device.identity }, agent));
    });
}

function printResult(ctx: CommandContext, result: { accepted: boolean; message: string }): void {
  ctx.print(result.message);
  if (!result.accepted) ctx.control.markFailed();
}

export function smartAgentCommands(platform: PlatformId): CommandDefinition[] {
  const privileged = ['@privileged'] as const;
  const showModes = platform === 'ios-xe' ? (['@exec'] as const) : (['@exec', '@config'] as const);
  const commands: CommandDefinition[] = [
    {
      syntax: 'license smart register idtoken <token:word:secret> [force]',
      modes: privileged,
      run: (ctx, m) =>
        withAgent(ctx, (agent) => {
          try {
            printResult(ctx, agent.register(m.args['token'] ?? '', { force: m.keywords.has('force') }));
          } catch (error) {
            if (!(error instanceof InvalidArgumentError)) throw error;
            ctx.print(`% Error: ${error.message}`);
            ctx.control.markFailed();
          }
        }),
    },
    {
      syntax: 'license smart renew {id|auth}:what',
      modes: privileged,
      run: (ctx, m) => withAgent(ctx, (agent) => printResult(ctx, agent.renew(m.groups['what'] === 'id' ? 'id' : 'auth'))),
    },
    {
      syntax: 'license smart deregister',
      modes: privileged,
      run: (ctx) =>
        withAgent(ctx, async (agent) => {
          const result = await agent.deregister();
          // A real agent prints nothing: the outcome shows in syslog and `show license status`.
          if (!result.accepted) printResult(ctx, result);
        }),
    },
    { syntax: 'show license status', modes: showModes, run: show(renderLicenseStatus) },
    { syntax: 'show license all', modes: showModes, run: show(renderLicenseAll) },
    { syntax: 'show license summary', modes: showModes, run: show(renderLicenseSummary) },
    { syntax: 'show license usage', modes: showModes, run: show(renderLicenseUsage) },
    { syntax: 'show license udi', modes: showModes, run: show(renderLicenseUdi) },
    { syntax: 'show call-home smart-licensing statistics', modes: showModes, run: show(renderCallHomeStatistics) },
  ];
  if (platform === 'ios-xe') {
    commands.push(
      {
        syntax: 'license smart renew',
        modes: privileged,
        run: (ctx) =>
          withAgent(ctx, (agent) => {
            const id = agent.renew('id');
            if (!id.accepted) return printResult(ctx, id);
            printResult(ctx, { accepted: true, message: [id.message, agent.renew('auth').message].join('\n') });
          }),
      },
      { syntax: 'show license tech support', modes: showModes, run: show(renderLicenseTechSupport) },
      cbr8CopyCommand(),
    );
  } else {
    commands.push(
      { syntax: 'show license platform summary', modes: showModes, run: show((s, r, a) => renderPlatformSummary(s, r, a.startedAt)) },
      { syntax: 'show license platform detail', modes: showModes, run: show((s, r, a) => renderPlatformDetail(s, r, a.startedAt)) },
    );
  }
  return commands;
}
