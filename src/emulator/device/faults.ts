/**
 * Fault injection knobs of a device. Later layers add more; these two are enough to test reconnects and
 * timeouts against real clients:
 *
 * - `dropAfterCommands: N` — the device answers N more command lines (over all its CLI sessions), then drops
 *   the TCP connection of the session that sends the next one, without answering it. One-shot: the knob
 *   clears itself when it fires.
 * - `outputDelayMs: M` — every answer (output + prompt) is written M milliseconds of wall-clock time late.
 * - `dnsNotAnswering: true` — the device's name servers do not answer: every host-name lookup of a call home
 *   fails (the configuration may be right).
 */
import { InvalidArgumentError } from '../../errors.js';

export interface FaultSettings {
  readonly dropAfterCommands?: number;
  readonly outputDelayMs?: number;
  readonly dnsNotAnswering?: boolean;
}

export class FaultKnobs {
  #dropAfter: number | undefined;
  #answered = 0;
  #delayMs = 0;
  #dnsDown = false;

  set(settings: FaultSettings): void {
    const { dropAfterCommands, outputDelayMs, dnsNotAnswering } = settings;
    if (dropAfterCommands !== undefined && (!Number.isInteger(dropAfterCommands) || dropAfterCommands < 0)) {
      throw new InvalidArgumentError('dropAfterCommands', `must be an integer >= 0, got ${dropAfterCommands}`);
    }
    if (outputDelayMs !== undefined && (!Number.isFinite(outputDelayMs) || outputDelayMs < 0)) {
      throw new InvalidArgumentError('outputDelayMs', `must be >= 0, got ${outputDelayMs}`);
    }
    if (dropAfterCommands !== undefined) {
      this.#dropAfter = dropAfterCommands;
      this.#answered = 0;
    }
    if (dnsNotAnswering !== undefined && typeof dnsNotAnswering !== 'boolean') {
      throw new InvalidArgumentError('dnsNotAnswering', `must be true or false, got ${String(dnsNotAnswering)}`);
    }
    if (outputDelayMs !== undefined) this.#delayMs = outputDelayMs;
    if (dnsNotAnswering !== undefined) this.#dnsDown = dnsNotAnswering;
  }

  clear(): void {
    this.#dropAfter = undefined;
    this.#answered = 0;
    this.#delayMs = 0;
    this.#dnsDown = false;
  }

  get(): FaultSettings {
    return {
      ...(this.#dropAfter === undefined ? {} : { dropAfterCommands: Math.max(0, this.#dropAfter - this.#answered) }),
      ...(this.#delayMs > 0 ? { outputDelayMs: this.#delayMs } : {}),
      ...(this.#dnsDown ? { dnsNotAnswering: true } : {}),
    };
  }

  /** Called for each command line received; true = drop the connection instead of answering. */
  shouldDrop(): boolean {
    if (this.#dropAfter === undefined) return false;
    if (this.#answered >= this.#dropAfter) {
      this.#dropAfter = undefined;
      this.#answered = 0;
      return true;
    }
    this.#answered++;
    return false;
  }

  get outputDelayMs(): number {
    return this.#delayMs;
  }

  get dnsNotAnswering(): boolean {
    return this.#dnsDown;
  }
}
