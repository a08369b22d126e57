/**
 * The seam between an emulated device's Smart Agent and the network it calls home over. The agent decides *what*
 * to send (a `DeviceMessage`, device-protocol.ts) and *when* (its timers); a `CallHomeNetwork` decides whether the
 * device's running configuration can reach CSSM at all (call-home profile and destination URL, DNS, HTTP proxy,
 * trustpoint / trustpool, source interface) and performs the real HTTP(S) request.
 *
 * `send` never rejects: every way a call home can fail is an outcome the agent turns into syslog and status text.
 */
import type { CommFailureCause } from '../../errors.js';
import type { DeviceMessage, DeviceReply } from '../cssm/device-protocol.js';
import type { EmulatedDevice } from '../device/types.js';

/** Where the path to CSSM broke, as far as the device can tell (the same causes the driver classifies). */
export type CallHomeFailureCause = CommFailureCause;

export type CallHomeOutcome =
  | {
      readonly ok: true;
      /** CSSM's answer; a protocol-level refusal (`status: 'FAILURE'`, e.g. TOKEN_EXPIRED, SYNC_LOST) is still ok. */
      readonly reply: DeviceReply;
      /** The destination URL taken from the running configuration. */
      readonly url: string;
      readonly viaProxy: boolean;
    }
  | {
      readonly ok: false;
      readonly cause: CallHomeFailureCause;
      /**
       * One line in the device's words, used in `Failure reason:` and syslog text (no secrets). It must classify
       * back to `cause` with `classifyFailure()` (src/licensing/failure.ts).
       */
      readonly detail: string;
      /** The destination URL, when the configuration got that far. */
      readonly url?: string;
    };

export interface CallHomeSendOptions {
  readonly signal?: AbortSignal;
}

export interface CallHomeNetwork {
  /** Sends one message the way the device's running configuration says; resolves with the outcome, never rejects. */
  send(device: EmulatedDevice, message: DeviceMessage, options?: CallHomeSendOptions): Promise<CallHomeOutcome>;
}
