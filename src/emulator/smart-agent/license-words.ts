/**
 * How the agent's states are printed, and the per-model texts the `show license` outputs share. Seed words where
 * the seeds print them (`REGISTERED`, `UNREGISTERED`, `AUTHORIZED`, `OUT OF COMPLIANCE`, `EVAL EXPIRED`,
 * `AUTH EXPIRED` …); the in-between states use the words of real agents ([INF]): `REGISTERING - REGISTRATION IN
 * PROGRESS`, `UNREGISTERED - REGISTRATION FAILED`, `EVAL MODE`, `First Attempt Pending`.
 */
import type { DeviceModel } from '../../inventory/types.js';
import type { EntitlementStatus } from '../../licensing/types.js';
import type { PlatformId } from '../../platforms/types.js';
import { xeLicenseDate, xrLicenseDate } from '../device/device-time.js';
import type { DeviceIdentity } from '../device/identity.js';
import type { AgentAttempt, AgentAuthorizationStatus, AgentRegistrationStatus } from './agent-state.js';

/** What a renderer needs besides the snapshot. */
export interface RenderContext {
  readonly platform: PlatformId;
  readonly model: DeviceModel;
  readonly identity: DeviceIdentity;
}

export function registrationWord(status: AgentRegistrationStatus): string {
  switch (status) {
    case 'unregistered':
      return 'UNREGISTERED';
    case 'registering':
      return 'REGISTERING - REGISTRATION IN PROGRESS';
    case 'registered':
      return 'REGISTERED';
    case 'registration-failed':
      return 'UNREGISTERED - REGISTRATION FAILED';
    case 'registration-expired':
      return 'UNREGISTERED - REGISTRATION EXPIRED';
  }
}

/** The agent prints the authorization in the entitlements' words; an authorization not answered yet is `WAITING`. */
export function authorizationWord(status: AgentAuthorizationStatus): string {
  return entitlementWord(status === 'authorization-pending' ? 'waiting' : status);
}

export function entitlementWord(status: EntitlementStatus): string {
  switch (status) {
    case 'authorized':
      return 'AUTHORIZED';
    case 'out-of-compliance':
      return 'OUT OF COMPLIANCE';
    case 'authorization-expired':
      return 'AUTH EXPIRED';
    case 'evaluation':
      return 'EVAL MODE';
    case 'evaluation-expired':
      return 'EVAL EXPIRED';
    case 'waiting':
      return 'WAITING';
    case 'not-authorized':
      return 'NOT AUTHORIZED';
    case 'invalid':
      return 'INVALID';
    case 'disabled':
      return 'DISABLED';
    case 'in-use':
      return 'IN USE';
    case 'not-in-use':
      return 'NOT IN USE';
    case 'reserved':
      return 'RESERVED';
    case 'not-applicable':
      return 'NOT APPLICABLE';
    case 'unknown':
      return 'UNKNOWN';
  }
}

/** The license date format of the platform (XE `Mar  5 02:01:03 2015 UTC`, XR `Jul 01 2020 07:14:24 UTC`). */
export function licenseDate(ctx: RenderContext, ms: number): string {
  return ctx.platform === 'ios-xe' ? xeLicenseDate(ms) : xrLicenseDate(ms);
}

/** `SUCCEEDED on <date>` / `FAILED on <date>` (with the `Failure reason:` line under it), or the word alone. */
export function attemptLines(ctx: RenderContext, label: string, attempt: AgentAttempt | undefined, withDate: boolean): string[] {
  if (attempt === undefined) return [`  ${label}: None`];
  if (attempt.result === 'pending') return [`  ${label}: First Attempt Pending`];
  const word = attempt.result === 'succeeded' ? 'SUCCEEDED' : 'FAILED';
  const lines = [`  ${label}: ${word}${withDate ? ` on ${licenseDate(ctx, attempt.at)}` : ''}`];
  if (withDate && attempt.failureReason !== undefined) lines.push(`    Failure reason: ${attempt.failureReason}`);
  return lines;
}

/** `=====` under a title, as long as the title (the seeds' `=====` is the documents' shortening). */
export function banner(title: string): string[] {
  return [title, '='.repeat(title.length)];
}

/** The Smart Agent version of a model (000:600, 001:634, 004:386). */
export function agentVersion(model: DeviceModel): string {
  switch (model) {
    case 'cBR-8':
      return '1.2.1_throttle/5';
    case 'NCS-560':
      return '4.9.6_rel/41';
    case 'NCS-1004':
      return '4.13.32_rel/85';
  }
}

/** `Smart Agent for Licensing:` and, on the cBR-8, `Component Versions:` (000:600-602, 001:634, 004:386). */
export function agentVersionLines(ctx: RenderContext): string[] {
  const lines = [`Smart Agent for Licensing: ${agentVersion(ctx.model)}`];
  if (ctx.model === 'cBR-8') lines.push('Component Versions: SA:(1_2_1_throttle)1.1.0, SI:(rel20)1.0.1, CH:(rel4)1.0.15, PK:(rel16)1.0.7');
  return lines;
}

/** The UDI as `show license` prints it: `PID:…,SN:…`; the NCS 1004 prints `SN:…,UUID:default-sdr` (004:494). */
export function udiText(ctx: RenderContext): string {
  return ctx.model === 'NCS-1004' ? `SN:${ctx.identity.serial},UUID:default-sdr` : `PID:${ctx.identity.pid},SN:${ctx.identity.serial}`;
}
