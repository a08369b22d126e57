/**
 * `show license status | all | summary | usage | udi` rendered from a Smart Agent snapshot, in the layouts of the
 * seeds: IOS-XE cBR-8 (000:545-661, 906-947) and IOS-XR NCS 560 / NCS 1004 (001:558-1004, 004:285-495). The IOS-XR
 * timestamp line is printed by the CLI engine.
 *
 * Model differences kept from the seeds: the cBR-8 prints no Smart Account, export-control, Utility, Data Privacy or
 * Transport lines and its entitlements without a name (`(US_License):`, empty Description); IOS-XR adds them, and
 * prints an entitlement's name and description only once CSSM has answered for it (001:598 before registration,
 * 001:843 after); the NCS 1004 adds `Miscellaneous:` (004:337) and prints its UDI without PID (004:494).
 * [INF] Unlike the seed's 1.2.1 agent (`Registration Expires: Never`, 000:561) the emulated cBR-8 agent prints the
 * ID certificate's expiry, since its registration does expire.
 */
import { formatRemaining } from '../../licensing/timers.js';
import type { AgentEntitlement, SmartAgentSnapshot } from './agent-state.js';
import {
  agentVersionLines,
  attemptLines,
  authorizationWord,
  banner,
  entitlementWord,
  licenseDate,
  registrationWord,
  udiText,
  type RenderContext,
} from './license-words.js';

function registrationLines(s: SmartAgentSnapshot, ctx: RenderContext, summary: boolean): string[] {
  const reg = s.registration;
  const xr = ctx.platform === 'ios-xr';
  const lines = ['Registration:', `  Status: ${registrationWord(reg.status)}`];
  const registered = reg.status === 'registered';
  if (registered && xr && reg.smartAccount !== undefined) lines.push(`  Smart Account: ${reg.smartAccount}`);
  if (registered && reg.virtualAccount !== undefined) lines.push(`  Virtual Account: ${reg.virtualAccount}`);
  if (xr) lines.push(`  Export-Controlled Functionality: ${reg.exportControlled === 'allowed' ? 'ALLOWED' : 'NOT ALLOWED'}`);
  switch (reg.status) {
    case 'registered':
      if (!summary) lines.push(...attemptLines(ctx, 'Initial Registration', reg.initialRegistration, true));
      lines.push(...attemptLines(ctx, 'Last Renewal Attempt', reg.lastRenewal, !summary));
      if (reg.nextRenewalAt !== undefined) lines.push(`  Next Renewal Attempt: ${licenseDate(ctx, reg.nextRenewalAt)}`);
      if (!summary && reg.expiresAt !== undefined) lines.push(`  Registration Expires: ${licenseDate(ctx, reg.expiresAt)}`);
      break;
    case 'registering':
    case 'registration-failed':
      if (summary) break;
      lines.push(...attemptLines(ctx, 'Initial Registration', reg.initialRegistration, true));
      if (reg.nextRegistrationAttemptAt !== undefined) lines.push(`  Next Registration Attempt: ${licenseDate(ctx, reg.nextRegistrationAttemptAt)}`);
      break;
    case 'registration-expired':
      if (summary) break;
      if (reg.initialRegistration !== undefined) lines.push(...attemptLines(ctx, 'Initial Registration', reg.initialRegistration, true));
      lines.push(...attemptLines(ctx, 'Last Renewal Attempt', reg.lastRenewal, true));
      if (reg.expiresAt !== undefined) lines.push(`  Registration Expires: ${licenseDate(ctx, reg.expiresAt)}`);
      break;
    case 'unregistered':
      break;
  }
  return lines;
}

/** `Status:` line of the authorization block, with ` on <date>` when the state has a start. */
function authorizationStatusLine(s: SmartAgentSnapshot, ctx: RenderContext, withDate: boolean): string {
  const auth = s.authorization;
  const since = withDate && auth.since !== undefined ? ` on ${licenseDate(ctx, auth.since)}` : '';
  return `  Status: ${authorizationWord(auth.status)}${since}`;
}

function authorizationLines(s: SmartAgentSnapshot, ctx: RenderContext, summary: boolean): string[] {
  const auth = s.authorization;
  const lines = ['License Authorization:', authorizationStatusLine(s, ctx, !summary)];
  if (auth.status === 'evaluation' && !summary) lines.push(`  Evaluation Period Remaining: ${formatRemaining(s.evaluation.remainingMs)}`);
  if (s.registration.status !== 'registered') return lines;
  if (auth.lastCommunication !== undefined) lines.push(...attemptLines(ctx, 'Last Communication Attempt', auth.lastCommunication, !summary));
  if (auth.nextCommunicationAt !== undefined) lines.push(`  Next Communication Attempt: ${licenseDate(ctx, auth.nextCommunicationAt)}`);
  if (!summary && auth.deadlineAt !== undefined) lines.push(`  Communication Deadline: ${licenseDate(ctx, auth.deadlineAt)}`);
  return lines;
}

function xrSettingsLines(ctx: RenderContext): string[][] {
  const blocks = [
    ['Utility:', '  Status: DISABLED'],
    ['Data Privacy:', '  Sending Hostname: yes', '  Callhome hostname privacy: DISABLED', '  Smart Licensing hostname privacy: DISABLED', '  Version privacy: DISABLED'],
    ['Transport:', '  Type: Callhome'],
  ];
  return ctx.model === 'NCS-1004' ? [...blocks, ['Miscellaneous:', '  Custom Id: <empty>']] : blocks;
}

const EXPORT_KEY = ['Export Authorization Key:', '  Features Authorized:', '    <none>'];

/** Name and description are printed once CSSM has answered for the entitlement (IOS-XR); never on the cBR-8. */
function named(s: SmartAgentSnapshot, ctx: RenderContext, e: AgentEntitlement): boolean {
  return ctx.platform === 'ios-xr' && s.registration.status === 'registered' && e.statusAt !== undefined;
}

function entitlementBlock(s: SmartAgentSnapshot, ctx: RenderContext, e: AgentEntitlement): string[] {
  const withName = named(s, ctx, e);
  const description = withName ? e.description : ctx.platform === 'ios-xe' ? e.description : '';
  const lines = [
    `${withName ? `${e.name} ` : ''}(${e.shortTag}):`,
    `  Description:${description === '' ? '' : ` ${description}`}`,
    `  Count: ${e.count}`,
    '  Version: 1.0',
    `  Status: ${entitlementWord(e.status)}`,
  ];
  if (ctx.platform === 'ios-xr') lines.push('  Export status: NOT RESTRICTED');
  return lines;
}

function entitlementBlocks(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  if (s.entitlements.length === 0) return ['No licenses in use'];
  return s.entitlements.flatMap((e, i) => [...(i === 0 ? [] : ['']), ...entitlementBlock(s, ctx, e)]);
}

function productLines(ctx: RenderContext): string[] {
  const udi = udiText(ctx);
  const lines = [`UDI: ${udi}`];
  if (ctx.platform === 'ios-xe') lines.push('', 'HA UDI List:', `  Active:${udi}`, `  Standby:${udi}`);
  return lines;
}

function join(blocks: readonly (readonly string[])[]): string[] {
  return blocks.flatMap((b, i) => [...(i === 0 ? [] : ['']), ...b]);
}

/** `show license status` (000:612-631; 001:967-1002; 004:439-458). */
export function renderLicenseStatus(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  const registration = registrationLines(s, ctx, false);
  const authorization = authorizationLines(s, ctx, false);
  if (ctx.platform === 'ios-xe') return ['', ...join([['Smart Licensing is ENABLED'], registration, authorization]), ''];
  return ['', ...join([['Smart Licensing is ENABLED'], ...xrSettingsLines(ctx), registration, authorization, EXPORT_KEY]), ''];
}

/** `show license all` (000:545-602; 001:564-638, 800-887; 004:290-391). */
export function renderLicenseAll(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  const head = [...banner('Smart Licensing Status'), '', 'Smart Licensing is ENABLED'];
  const status =
    ctx.platform === 'ios-xe'
      ? [registrationLines(s, ctx, false), authorizationLines(s, ctx, false)]
      : [registrationLines(s, ctx, false), authorizationLines(s, ctx, false), EXPORT_KEY, ...xrSettingsLines(ctx)];
  const tail = [
    [...banner('License Usage'), '', ...entitlementBlocks(s, ctx)],
    [...banner('Product Information'), ...productLines(ctx)],
    [...banner('Agent Version'), ...agentVersionLines(ctx)],
    ...(ctx.platform === 'ios-xr' ? [[...banner('Reservation Info'), 'License reservation: DISABLED']] : []),
  ];
  return ['', ...join([head, ...status, ...tail]), ''];
}

/** The `License Usage:` table of `show license summary`: XR cuts the name at 20 characters + `...` (001:956). */
function summaryRows(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  if (s.entitlements.length === 0) return ['  No licenses in use'];
  const rows = s.entitlements.map((e) => {
    const name = named(s, ctx, e) ? (e.name.length > 20 ? `${e.name.slice(0, 20)}...` : e.name) : '';
    const left = `${name.padEnd(24)}(${e.shortTag})`;
    return `  ${left.padEnd(52)}${String(e.count).padStart(6)} ${entitlementWord(e.status)}`;
  });
  return [`  ${'License'.padEnd(24)}${'Entitlement tag'.padEnd(28)} Count Status`, `  ${'-'.repeat(78)}`, ...rows];
}

/** `show license summary` (000:639-660; 001:935-959; 004:897-930). */
export function renderLicenseSummary(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  return [
    '',
    ...join([['Smart Licensing is ENABLED'], registrationLines(s, ctx, true), authorizationLines(s, ctx, true), ['License Usage:', ...summaryRows(s, ctx)]]),
    '',
  ];
}

/** `show license usage` (000:925-946; 001:644-675, 891-925; 004:466-482). */
export function renderLicenseUsage(s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  return ['', 'License Authorization:', authorizationStatusLine(s, ctx, true), '', ...entitlementBlocks(s, ctx), ''];
}

/** `show license udi` (000:911-917; 004:490-494). */
export function renderLicenseUdi(_s: SmartAgentSnapshot, ctx: RenderContext): string[] {
  if (ctx.platform === 'ios-xe') return ['', ...productLines(ctx), ''];
  return ['', ...banner('Product Information'), ...productLines(ctx), ''];
}
