/**
 * Pure: an intent and a device's current licensing configuration → the change to make (edits, diff, and the
 * lines `sendConfig` types). Without a current configuration, the platform's out-of-the-box one is assumed, which
 * renders the seed procedures' command text (INDEX.md §2).
 */
import type { ConfigLine } from '../channel/cli/types.js';
import { InvalidArgumentError } from '../errors.js';
import type { PlatformId } from '../platforms/types.js';
import { configLinesOf, diffOf, type ConfigDiff, type PlannedEdit } from './planned-edit.js';
import { platformDefaultConfig, type LicensingConfig } from './licensing-config.js';
import { planEdits, type PlanContext } from './plan-edits.js';
import { resolveIntent, type ResolvedIntent } from './resolve-intent.js';
import type { LicensingIntent } from './types.js';
import { validateIntent } from './validate-intent.js';

export interface ConfigPlan {
  /** The intent with its defaults applied. */
  readonly desired: ResolvedIntent;
  readonly edits: readonly PlannedEdit[];
  readonly diff: ConfigDiff;
  /** What `sendConfig` types, sub-mode navigation included; empty when nothing changes. */
  readonly lines: readonly ConfigLine[];
}

/** Validates `intent` for the platform of `current` and plans the minimal change to it. */
export function planChange(current: LicensingConfig, intent: LicensingIntent, context: PlanContext = {}): ConfigPlan {
  validateIntent(intent, current.platform);
  const desired = resolveIntent(intent);
  const edits = planEdits(current, desired, context);
  return { desired, edits, diff: diffOf(edits), lines: edits.length === 0 ? [] : configLinesOf(edits, current.platform) };
}

export interface RenderOptions extends PlanContext {
  /** The device's configuration (default: the platform's out-of-the-box configuration). */
  readonly current?: LicensingConfig;
}

/** The configuration lines that establish `intent` on a device of `platform`. */
export function renderIntent(intent: LicensingIntent, platform: PlatformId, options: RenderOptions = {}): ConfigLine[] {
  const current = options.current ?? platformDefaultConfig(platform);
  if (current.platform !== platform) throw new InvalidArgumentError('current', `is an ${current.platform} configuration, not ${platform}`);
  return [...planChange(current, intent, options).lines];
}
