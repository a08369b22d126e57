/**
 * The licensing state of one device as the domain rules need it: unions and epoch-millisecond instants, built
 * from parsed show outputs (see `licensingSnapshot()` in src/parsers) or kept by the emulator's Smart Agent.
 */
import type { PlatformId } from '../platforms/types.js';
import type {
  AttemptResult,
  AuthorizationStatus,
  EntitlementStatus,
  ExportControl,
  FeatureState,
  LicensingMode,
  RegistrationStatus,
  SiaStatus,
  TransportType,
} from './types.js';

export interface AttemptSnapshot {
  readonly result: AttemptResult;
  readonly at?: number;
  readonly failureReason?: string;
}

export interface LicensingSnapshot {
  /** Device clock when the state was read (epoch ms), if known; rules fall back to the evaluation clock. */
  readonly observedAt?: number;
  readonly platform?: PlatformId;
  /** Device model (`cBR-8`, `NCS-560`, `NCS-1004` …): the cBR-8 turns on the DOCSIS CLI lock. */
  readonly model?: string;
  readonly smartLicensing?: FeatureState;
  readonly mode?: LicensingMode;
  readonly registration?: {
    readonly status: RegistrationStatus;
    readonly registeredAt?: number;
    readonly lastRenewal?: AttemptSnapshot;
    readonly nextRenewalAt?: number;
    /** null: `Registration Expires: Never` (000:561). */
    readonly expiresAt?: number | null;
    readonly exportControl?: ExportControl;
  };
  readonly authorization?: {
    readonly status: AuthorizationStatus;
    readonly since?: number;
    readonly lastCommunication?: AttemptSnapshot;
    readonly nextCommunicationAt?: number;
    readonly deadlineAt?: number;
  };
  readonly evaluation?: {
    readonly inUse?: boolean;
    /** Remaining at `observedAt`. */
    readonly remainingMs?: number;
    readonly startedAt?: number;
  };
  readonly transport?: TransportType;
  readonly entitlements?: ReadonlyArray<{
    readonly tag: string;
    readonly name?: string;
    readonly count?: number;
    readonly status?: EntitlementStatus;
  }>;
  /** Smart Licensing Using Policy: usage reports must be acknowledged by CSSM before the deadline. */
  readonly usageReporting?: { readonly lastAckAt?: number; readonly nextAckDeadlineAt?: number };
  /** NCS 560 SIA state from `show license platform summary`. */
  readonly sia?: { readonly status: SiaStatus; readonly graceRemainingMs?: number };
  /** Recent syslog messages (`SMART_LIC-3-COMM_FAILED` → mnemonic `COMM_FAILED`). */
  readonly messages?: ReadonlyArray<{ readonly mnemonic: string; readonly text: string; readonly at?: number }>;
}
