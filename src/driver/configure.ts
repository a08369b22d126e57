/**
 * Configuration intents over a CLI session: read the device's licensing configuration, plan the minimal change,
 * and apply it so that the device is never left half-configured.
 *
 * - IOS-XR: the change is a candidate, committed at once (`commit confirmed <s>` optionally, confirmed once the
 *   result verifies); a rejected line or commit aborts the candidate, and the error carries `show configuration
 *   failed`.
 * - IOS-XE: every accepted line is live at once, so after the change the configuration is read again and
 *   verified; on any failure (a rejected line, a verification mismatch, a dropped connection — reconnecting when
 *   `reconnect` is given) the previous lines are typed back. `write memory` only after a verified change.
 *
 * `applyConfiguration` either succeeds, or throws: `InvalidIntentError` (nothing sent); the device's or the
 * connection's error (`ConfigLineError`, `CommitError`, `ClosedError`, `TimeoutError` …) with the device back at
 * its previous configuration; `ConfigVerifyError` (restored); or `RollbackError` when the previous configuration
 * could not be brought back (its `cause` is the first failure).
 */
import { ClosedError, ConfigVerifyError, InvalidArgumentError, InvalidIntentError, RollbackError, TimeoutError } from '../errors.js';
import type { ConfigLine } from '../channel/cli/types.js';
import { configLinesOf, renderDiff, type ConfigDiff } from '../intents/planned-edit.js';
import type { LicensingConfig } from '../intents/licensing-config.js';
import { planEdits, type PlanContext } from '../intents/plan-edits.js';
import { LICENSING_CONFIG_COMMANDS, readLicensingConfig } from '../intents/read-config.js';
import { planChange, type ConfigPlan } from '../intents/render-intent.js';
import { planRestoreEdits, sameLicensingConfig } from '../intents/restore-edits.js';
import type { LicensingIntent } from '../intents/types.js';
import { validateIntent } from '../intents/validate-intent.js';
import { silentLogger, type Logger } from '../log.js';
import type { Session } from './session.js';

export interface ConfigurationPlan extends ConfigPlan {
  readonly host: string;
  /** The device's licensing configuration before the change. */
  readonly current: LicensingConfig;
  /** The diff as text (`+ ` / `- ` lines under their sub-modes). */
  readonly diffText: string;
  /** What the plan knew about the device besides its configuration. */
  readonly context: PlanContext;
}

export interface ApplyConfigurationOptions {
  /** Read and report the diff only; send no configuration. */
  readonly check?: boolean;
  /** IOS-XR: `commit confirmed <seconds>` (30-65535), confirmed once the result verifies. */
  readonly commitConfirmedSeconds?: number;
  /** IOS-XR: `commit comment <text>`. */
  readonly commitComment?: string;
  /** IOS-XE: `write memory` after a verified change (IOS-XR commits persist by themselves). */
  readonly writeMemory?: boolean;
  /** Opens a new session to the same device, to restore after the connection dropped in the middle of a change. */
  readonly reconnect?: () => Promise<Session>;
  readonly logger?: Logger;
}

export interface ApplyConfigurationResult {
  readonly host: string;
  /** The device's configuration changed (check mode: would change). */
  readonly changed: boolean;
  readonly check: boolean;
  readonly diff: ConfigDiff;
  readonly diffText: string;
  /** The configuration lines typed (sub-mode navigation included; PEM answers not listed). */
  readonly linesSent: readonly string[];
  /** IOS-XE: `write memory` (over NETCONF: cisco-ia save-config) ran. */
  readonly saved: boolean;
  /** NETCONF (`applyConfigurationNetconf`): the `<edit-config>` `<config>` content written, as XML text. */
  readonly netconfConfig?: string;
}

/** The device's software version from `show version`, or null. */
async function softwareVersion(session: Session): Promise<string | null> {
  const out = await session.send('show version');
  return session.dialect.versionPattern.exec(out.output)?.[1] ?? null;
}

/** Reads the device's licensing configuration (`show running-config` sections, see `LICENSING_CONFIG_COMMANDS`). */
export async function readLicensingState(session: Session): Promise<LicensingConfig> {
  const outputs: string[] = [];
  for (const command of LICENSING_CONFIG_COMMANDS[session.platform]) outputs.push((await session.send(command)).output);
  return readLicensingConfig(outputs, session.platform);
}

/** Validates the intent for the device's platform, reads the device and plans the minimal change; sends nothing. */
export async function planConfiguration(session: Session, intent: LicensingIntent): Promise<ConfigurationPlan> {
  try {
    validateIntent(intent, session.platform);
  } catch (error) {
    throw withHost(error, session.host);
  }
  const current = await readLicensingState(session);
  const version = session.platform === 'ios-xr' && intent.flexibleConsumption?.enable === true ? await softwareVersion(session) : null;
  const context: PlanContext = { softwareVersion: version };
  let plan: ConfigPlan;
  try {
    plan = planChange(current, intent, context);
  } catch (error) {
    throw withHost(error, session.host);
  }
  return { host: session.host, current, ...plan, diffText: renderDiff(plan.edits), context };
}

/** Intent errors raised by the pure layer name the device. */
function withHost(error: unknown, host: string): unknown {
  return error instanceof InvalidIntentError && error.host === undefined ? new InvalidIntentError(error.issues, { host }) : error;
}

function typed(lines: readonly ConfigLine[]): string[] {
  return lines.map((l) => (typeof l === 'string' ? l : l.line));
}

function checkOptions(session: Session, options: ApplyConfigurationOptions): void {
  const host = { host: session.host };
  if (session.platform === 'ios-xe') {
    if (options.commitConfirmedSeconds !== undefined) throw new InvalidArgumentError('commitConfirmedSeconds', 'is for IOS-XR (IOS-XE applies each line at once)', host);
    if (options.commitComment !== undefined) throw new InvalidArgumentError('commitComment', 'is for IOS-XR (IOS-XE has no commit)', host);
  }
  const seconds = options.commitConfirmedSeconds;
  if (seconds !== undefined && (!Number.isInteger(seconds) || seconds < 30 || seconds > 65535)) {
    throw new InvalidArgumentError('commitConfirmedSeconds', `must be a whole number of seconds from 30 to 65535, got ${String(seconds)}`, host);
  }
}

/** A failure after which the session cannot be trusted to be at a prompt. */
function sessionLost(error: unknown, session: Session): boolean {
  return session.closed || error instanceof ClosedError || error instanceof TimeoutError;
}

/**
 * After a failure: brings the device back to `before` (reconnecting if the session is gone). Returns once the
 * device reads as `before` again; throws `RollbackError` (cause: the failure) when that is not possible.
 */
async function restore(session: Session, before: LicensingConfig, failure: unknown, options: ApplyConfigurationOptions, logger: Logger): Promise<void> {
  let target = session;
  let opened: Session | null = null;
  try {
    if (sessionLost(failure, session)) {
      await session.close().catch(() => undefined);
      if (options.reconnect === undefined) {
        throw new RollbackError('the connection was lost in the middle of the change and no reconnect was given; the device may hold part of it', {
          host: session.host,
          cause: failure,
        });
      }
      opened = await options.reconnect();
      target = opened;
    }
    const now = await readLicensingState(target);
    if (sameLicensingConfig(now, before)) {
      logger.info('configuration unchanged after the failure');
      return;
    }
    const edits = planRestoreEdits(now, before);
    logger.warn({ lines: edits.length }, 'restoring the previous configuration');
    await target.sendConfig(configLinesOf(edits, before.platform));
    const after = await readLicensingState(target);
    if (!sameLicensingConfig(after, before)) {
      const left = planRestoreEdits(after, before).map((e) => e.command);
      throw new RollbackError(`the previous configuration did not come back; still different: ${left.slice(0, 5).join(' | ')}`, { host: session.host, cause: failure });
    }
    logger.info('previous configuration restored');
  } catch (error) {
    if (error instanceof RollbackError) throw error;
    throw new RollbackError(`restoring the previous configuration failed: ${error instanceof Error ? error.message : String(error)}`, {
      host: session.host,
      cause: failure,
    });
  } finally {
    await opened?.close();
  }
}

/**
 * Applies `intent` to the device: the minimal change, then verified. A second apply of the same intent sends no
 * configuration line. See the module comment for what a failure leaves behind.
 */
export async function applyConfiguration(session: Session, intent: LicensingIntent, options: ApplyConfigurationOptions = {}): Promise<ApplyConfigurationResult> {
  const logger = (options.logger ?? silentLogger).child({ host: session.host });
  checkOptions(session, options);
  const plan = await planConfiguration(session, intent);
  const base = { host: session.host, diff: plan.diff, diffText: plan.diffText, check: options.check === true };
  if (options.check === true || plan.edits.length === 0) {
    return { ...base, changed: plan.edits.length > 0, linesSent: [], saved: false };
  }
  const xr = session.platform === 'ios-xr';
  logger.info({ lines: plan.lines.length }, 'applying the licensing configuration');
  try {
    await session.sendConfig(plan.lines, {
      ...(xr && options.commitConfirmedSeconds !== undefined ? { confirmed: options.commitConfirmedSeconds } : {}),
      ...(xr && options.commitComment !== undefined ? { comment: options.commitComment } : {}),
    });
    const after = await readLicensingState(session);
    const missing = planEdits(after, plan.desired, plan.context).map((e) => e.command);
    if (missing.length > 0) {
      await restore(session, plan.current, new ConfigVerifyError(missing, false, { host: session.host }), options, logger);
      throw new ConfigVerifyError(missing, true, { host: session.host });
    }
    if (xr && options.commitConfirmedSeconds !== undefined) await session.confirmCommit();
  } catch (error) {
    if (error instanceof RollbackError || error instanceof ConfigVerifyError) throw error;
    await restore(session, plan.current, error, options, logger);
    throw error;
  }
  let saved = false;
  const save = session.dialect.config.save;
  if (options.writeMemory === true && save !== null) {
    await session.send(save, { timeoutMs: 120_000 });
    saved = true;
  }
  return { ...base, changed: true, linesSent: typed(plan.lines), saved };
}
