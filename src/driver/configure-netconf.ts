/**
 * Configuration intents over NETCONF: read the device's licensing configuration with `<get-config>`, plan the
 * minimal change with the same planner as the CLI path, and write it so that the device is never left
 * half-configured.
 *
 * - Candidate datastore (IOS-XR; IOS-XE where the device offers it): lock running and candidate → edit-config
 *   candidate → validate → commit (IOS-XR optionally `confirmed`, confirmed once the result verifies) → re-read
 *   running and verify → unlock. Any failure before the commit discards the candidate.
 * - Writable running only (IOS-XE without candidate): lock running → edit-config running (rollback-on-error) →
 *   re-read and verify → unlock.
 * After a change reached running, a failure (verification mismatch, dropped connection — reconnecting when
 * `reconnect` is given) writes the previous configuration back (the difference, as for the change itself).
 * IOS-XE `writeMemory` runs cisco-ia `save-config` after a verified change.
 *
 * `applyConfigurationNetconf` resolves with the CLI path's result type, or throws: `InvalidIntentError` (nothing
 * sent, also for what the platform's models cannot say), the device's or the connection's error
 * (`NetconfRpcError`, `ClosedError`, `TimeoutError` …) with the device at its previous configuration,
 * `ConfigVerifyError` (restored), or `RollbackError` when the previous configuration could not be brought back.
 */
import pRetry, { AbortError } from 'p-retry';
import {
  ClosedError,
  ConfigVerifyError,
  InvalidArgumentError,
  InvalidIntentError,
  NetconfRpcError,
  PlatformError,
  RollbackError,
  TimeoutError,
} from '../errors.js';
import type { LicensingConfig } from '../intents/licensing-config.js';
import {
  NETCONF_LICENSING_FILTERS,
  planNetconfChange,
  planNetconfEdits,
  readNetconfLicensingConfig,
  renderConfigTransition,
  validateNetconfIntent,
  type NetconfConfigPlan,
} from '../intents/netconf-plan.js';
import type { PlanContext } from '../intents/plan-edits.js';
import { renderDiff } from '../intents/planned-edit.js';
import type { LicensingIntent } from '../intents/types.js';
import { silentLogger, type Logger } from '../log.js';
import type { NetconfFeatures } from '../netconf/capabilities.js';
import type { NetconfClient } from '../netconf/client.js';
import type { LockRetryOptions } from '../netconf/transaction.js';
import type { DatastoreName } from '../netconf/requests.js';
import { renderXml, type XmlNode } from '../netconf/xml.js';
import type { PlatformId } from '../platforms/types.js';
import type { ApplyConfigurationResult } from './configure.js';

/** cisco-ia `save-config`: copy running-config startup-config (YANG-PATHS.md §5). */
const SAVE_CONFIG = '<save-config xmlns="http://cisco.com/yang/cisco-ia"/>';

/** A fresh NETCONF session to the same device (to restore after the connection dropped). */
export type NetconfReconnect = () => Promise<{ readonly client: NetconfClient; close(): Promise<void> }>;

export interface NetconfPlanOptions {
  /** Default: from the server's capabilities (Cisco-IOS-XE-* or Cisco-IOS-XR-* modules). */
  readonly platform?: PlatformId;
  /** IOS-XR software version, when known: Flexible Consumption needs configuring only up to 7.1.1. */
  readonly softwareVersion?: string;
}

export interface ApplyNetconfConfigurationOptions extends NetconfPlanOptions {
  /** Read and report the diff only; send no configuration. */
  readonly check?: boolean;
  /** IOS-XR: commit confirmed with this timeout (30-65535 s), confirmed once the result verifies. */
  readonly commitConfirmedSeconds?: number;
  /** IOS-XE: cisco-ia save-config after a verified change (IOS-XR commits persist by themselves). */
  readonly writeMemory?: boolean;
  readonly reconnect?: NetconfReconnect;
  /** Back-off while another session holds a lock. */
  readonly lockRetry?: LockRetryOptions;
  readonly logger?: Logger;
}

export interface NetconfConfigurationPlan extends NetconfConfigPlan {
  readonly host: string;
  readonly platform: PlatformId;
  /** The device's licensing configuration before the change, as read over NETCONF. */
  readonly current: LicensingConfig;
  readonly diffText: string;
  readonly context: PlanContext;
}

function hostOf(client: NetconfClient): string {
  return client.session.host ?? 'device';
}

/** The platform a NETCONF server is, from the modules it announces. */
function platformOf(features: NetconfFeatures, host: string): PlatformId {
  if (features.modules.some((m) => m.module.startsWith('Cisco-IOS-XR-'))) return 'ios-xr';
  if (features.modules.some((m) => m.module.startsWith('Cisco-IOS-XE-'))) return 'ios-xe';
  throw new PlatformError('cannot tell the platform from the NETCONF capabilities (no Cisco-IOS-XE-* or Cisco-IOS-XR-* module): give options.platform', { host });
}

/** Errors raised by the pure layer name the device. */
function withHost(error: unknown, host: string): unknown {
  if (error instanceof InvalidIntentError && error.host === undefined) return new InvalidIntentError(error.issues, { host });
  if (error instanceof PlatformError && error.host === undefined) return new PlatformError(error.message, { host });
  return error;
}

/** Reads the device's licensing configuration from running (`NETCONF_LICENSING_FILTERS`). */
export async function readLicensingStateNetconf(client: NetconfClient, platform: PlatformId): Promise<LicensingConfig> {
  const data = await client.getConfig('running', { filter: NETCONF_LICENSING_FILTERS[platform] });
  return readNetconfLicensingConfig(data, platform);
}

/** Validates the intent (also against what the models can say), reads the device and plans the change; sends nothing else. */
export async function planConfigurationNetconf(client: NetconfClient, intent: LicensingIntent, options: NetconfPlanOptions = {}): Promise<NetconfConfigurationPlan> {
  const host = hostOf(client);
  const platform = options.platform ?? platformOf(client.features, host);
  try {
    validateNetconfIntent(intent, platform);
  } catch (error) {
    throw withHost(error, host);
  }
  const current = await readLicensingStateNetconf(client, platform);
  const context: PlanContext = { softwareVersion: options.softwareVersion ?? null };
  let plan: NetconfConfigPlan;
  try {
    plan = planNetconfChange(current, intent, context);
  } catch (error) {
    throw withHost(error, host);
  }
  return { host, platform, current, ...plan, diffText: renderDiff(plan.edits), context };
}

function checkOptions(client: NetconfClient, platform: PlatformId, options: ApplyNetconfConfigurationOptions): void {
  const host = { host: hostOf(client) };
  const seconds = options.commitConfirmedSeconds;
  if (seconds === undefined) return;
  if (platform === 'ios-xe') throw new InvalidArgumentError('commitConfirmedSeconds', 'is for IOS-XR (IOS-XE has no confirmed commit)', host);
  if (!Number.isInteger(seconds) || seconds < 30 || seconds > 65535) {
    throw new InvalidArgumentError('commitConfirmedSeconds', `must be a whole number of seconds from 30 to 65535, got ${String(seconds)}`, host);
  }
  if (!client.features.confirmedCommit) throw new InvalidArgumentError('commitConfirmedSeconds', 'the device does not offer :confirmed-commit', host);
}

/** The datastore edited: candidate when the device has one, else a writable running. */
function editTarget(client: NetconfClient): 'candidate' | 'running' {
  if (client.features.candidate) return 'candidate';
  if (client.features.writableRunning) return 'running';
  throw new PlatformError('the NETCONF server offers neither :candidate nor :writable-running; there is no datastore to edit', { host: hostOf(client) });
}

function isLockDenied(error: unknown): boolean {
  return error instanceof NetconfRpcError && error.errors.some((e) => e.tag === 'lock-denied');
}

/** A failure after which the session cannot be used. */
function sessionLost(error: unknown, client: NetconfClient): boolean {
  return client.session.closed || error instanceof ClosedError || error instanceof TimeoutError;
}

/** Two reads of the same configuration (profiles and trustpoints in any order). */
function sameConfig(a: LicensingConfig, b: LicensingConfig): boolean {
  const normal = (c: LicensingConfig): string =>
    JSON.stringify({
      ...c,
      callHome: c.callHome === null ? null : { ...c.callHome, profiles: [...c.callHome.profiles].sort((x, y) => x.name.localeCompare(y.name)) },
      trustpoints: [...c.trustpoints].sort((x, y) => x.name.localeCompare(y.name)),
    });
  return normal(a) === normal(b);
}

/** Locks on one session, taken in order and given back in reverse. */
class Locks {
  readonly held: DatastoreName[] = [];

  constructor(
    readonly client: NetconfClient,
    readonly logger: Logger,
  ) {}

  /**
   * Takes every lock, backing off while another session holds one. `beforeAttempt` runs first in each attempt
   * (a candidate left modified by a dropped session is discarded there).
   */
  async take(stores: readonly DatastoreName[], retry: LockRetryOptions, beforeAttempt?: () => Promise<void>): Promise<void> {
    try {
      await pRetry(
        async () => {
          await beforeAttempt?.();
          for (const store of stores) {
            if (this.held.includes(store)) continue;
            try {
              await this.client.lock(store);
            } catch (error) {
              if (!isLockDenied(error)) throw new AbortError(error instanceof Error ? error : String(error));
              await this.release();
              throw error;
            }
            this.held.push(store);
          }
        },
        {
          retries: retry.retries ?? 5,
          minTimeout: retry.minTimeoutMs ?? 250,
          maxTimeout: retry.maxTimeoutMs ?? 4000,
          factor: 2,
          onFailedAttempt: ({ attemptNumber }) => this.logger.info({ attemptNumber }, 'lock denied; backing off'),
        },
      );
    } catch (error) {
      await this.release();
      throw error instanceof AbortError ? error.originalError : error;
    }
  }

  async release(): Promise<void> {
    for (const store of this.held.splice(0).reverse()) {
      if (this.client.session.closed) return;
      await this.client.unlock(store).catch((error: unknown) => this.logger.warn({ error, datastore: store }, 'unlock failed'));
    }
  }
}

function locksFor(target: 'candidate' | 'running'): DatastoreName[] {
  return target === 'candidate' ? ['running', 'candidate'] : ['running'];
}

/** Writes `config` to the target and, for the candidate, validates and commits it. */
async function write(client: NetconfClient, target: 'candidate' | 'running', config: readonly XmlNode[], commit: { confirmedSeconds?: number } = {}): Promise<void> {
  await client.editConfig(target, config, target === 'running' && client.features.rollbackOnError ? { errorOption: 'rollback-on-error' } : {});
  if (target !== 'candidate') return;
  if (client.features.validate) await client.validate('candidate');
  await client.commit(commit.confirmedSeconds === undefined ? {} : { confirmed: true, confirmTimeout: commit.confirmedSeconds });
}

/**
 * On a session holding the locks: throws away an uncommitted candidate, then writes `before` back over whatever
 * running holds now. Resolves with what still differs from `before` afterwards (as edit-config XML), or null.
 */
async function restoreOn(client: NetconfClient, platform: PlatformId, before: LicensingConfig, logger: Logger): Promise<string | null> {
  const target = editTarget(client);
  if (target === 'candidate') await client.discardChanges();
  const now = await readLicensingStateNetconf(client, platform);
  if (sameConfig(now, before)) {
    logger.info('configuration unchanged after the failure');
    return null;
  }
  logger.warn('restoring the previous configuration');
  await write(client, target, renderConfigTransition(now, before));
  const after = await readLicensingStateNetconf(client, platform);
  if (!sameConfig(after, before)) return renderXml(renderConfigTransition(after, before));
  logger.info('previous configuration restored');
  return null;
}

/**
 * After a failure: brings the device back to `before`, on a new session when the old one is gone. Returns once
 * the device reads as `before`; throws `RollbackError` (cause: the failure) when that is not possible.
 */
async function restore(
  client: NetconfClient,
  platform: PlatformId,
  before: LicensingConfig,
  failure: unknown,
  options: ApplyNetconfConfigurationOptions,
  logger: Logger,
): Promise<void> {
  const host = hostOf(client);
  const fail = (error: unknown): RollbackError =>
    new RollbackError(`restoring the previous configuration failed: ${error instanceof Error ? error.message : String(error)}`, { host, cause: failure });
  const check = (left: string | null): void => {
    if (left !== null) throw new RollbackError(`the previous configuration did not come back; still different: ${left.slice(0, 300)}`, { host, cause: failure });
  };
  if (!sessionLost(failure, client)) {
    let left: string | null;
    try {
      left = await restoreOn(client, platform, before, logger);
    } catch (error) {
      throw fail(error);
    }
    check(left);
    return;
  }
  client.session.destroy();
  if (options.reconnect === undefined) {
    throw new RollbackError('the connection was lost in the middle of the change and no reconnect was given; the device may hold part of it', { host, cause: failure });
  }
  let opened: Awaited<ReturnType<NetconfReconnect>> | null = null;
  let left: string | null;
  try {
    opened = await options.reconnect();
    const fresh = opened.client;
    const locks = new Locks(fresh, logger);
    const target = editTarget(fresh);
    // A candidate the dropped session modified keeps others from locking it until it is discarded; a confirmed
    // commit the dropped session left pending keeps running locked until the device has rolled it back.
    const discard = target === 'candidate' ? () => fresh.discardChanges().then(() => undefined, () => undefined) : undefined;
    await locks.take(locksFor(target), options.lockRetry ?? {}, discard);
    try {
      left = await restoreOn(fresh, platform, before, logger);
    } finally {
      await locks.release();
    }
  } catch (error) {
    throw fail(error);
  } finally {
    await opened?.close();
  }
  check(left);
}

/**
 * Applies `intent` over NETCONF: the minimal change, verified. A second apply of the same intent sends no
 * edit-config. See the module comment for what a failure leaves behind. `linesSent` is empty (no CLI line is
 * typed); `netconfConfig` holds the XML written.
 */
export async function applyConfigurationNetconf(
  client: NetconfClient,
  intent: LicensingIntent,
  options: ApplyNetconfConfigurationOptions = {},
): Promise<ApplyConfigurationResult> {
  const host = hostOf(client);
  const logger = (options.logger ?? silentLogger).child({ host, transport: 'netconf' });
  const platform = options.platform ?? platformOf(client.features, host);
  checkOptions(client, platform, options);
  const plan = await planConfigurationNetconf(client, intent, { ...options, platform });
  const base = { host, diff: plan.diff, diffText: plan.diffText, check: options.check === true, linesSent: [] };
  if (options.check === true || plan.edits.length === 0) return { ...base, changed: plan.edits.length > 0, saved: false };

  const target = editTarget(client);
  const confirmed = target === 'candidate' ? options.commitConfirmedSeconds : undefined;
  const locks = new Locks(client, logger);
  await locks.take(locksFor(target), options.lockRetry ?? {});
  let saved = false;
  try {
    logger.info({ target, nodes: plan.config.length }, 'applying the licensing configuration');
    try {
      await write(client, target, plan.config, confirmed === undefined ? {} : { confirmedSeconds: confirmed });
      const after = await readLicensingStateNetconf(client, platform);
      const missing = planNetconfEdits(after, plan.desired, plan.context).map((e) => e.command);
      if (missing.length > 0) {
        if (confirmed !== undefined) await client.cancelCommit();
        await restore(client, platform, plan.current, new ConfigVerifyError(missing, false, { host }), options, logger);
        throw new ConfigVerifyError(missing, true, { host });
      }
      if (confirmed !== undefined) await client.commit();
    } catch (error) {
      if (error instanceof RollbackError || error instanceof ConfigVerifyError) throw error;
      await restore(client, platform, plan.current, error, options, logger);
      throw error;
    }
    if (options.writeMemory === true && platform === 'ios-xe') {
      await client.call(SAVE_CONFIG, { timeoutMs: 120_000 });
      saved = true;
    }
  } finally {
    await locks.release();
  }
  return { ...base, changed: true, saved, netconfConfig: renderXml(plan.config) };
}
