/**
 * Fault injection knobs of a device, each a thing real devices do. A request is a CLI command line or a NETCONF
 * `<rpc>`, counted over all the device's sessions:
 *
 * - `dropAfterCommands: N` — the device answers N more requests, then drops the TCP connection of the session
 *   that sends the next one. Without `dropMidOutput` that request is not carried out and gets no answer; with it,
 *   the request is carried out (a configuration line is applied) and part of its answer is written before the
 *   connection closes. One-shot: the knob clears itself when it fires.
 * - `stallAfterCommands: N` — the answer to the request after N more stops half-way: the first part is written,
 *   the rest (prompt or end of message included) only `stallMs` later (wall clock), or never while the
 *   connection lasts when `stallMs` is not given. One-shot.
 * - `outputDelayMs: M` — every CLI answer (output + prompt) is written M milliseconds of wall-clock time late.
 * - `pagingLength: L` — CLI output pages at `--More--` every L lines whatever `terminal length` says (a device
 *   whose pager cannot be turned off). 0 clears.
 * - `dnsNotAnswering: true` — the device's name servers do not answer: every host-name lookup of a call home
 *   fails (the configuration may be right).
 *
 * `device.reboot()` is the other device fault (device.ts): sessions dropped, unsaved configuration lost.
 */
import { InvalidArgumentError } from '../../errors.js';

export interface FaultSettings {
  readonly dropAfterCommands?: number;
  readonly dropMidOutput?: boolean;
  readonly stallAfterCommands?: number;
  /** How long a stalled answer waits (ms); absent: until the connection closes. */
  readonly stallMs?: number;
  readonly outputDelayMs?: number;
  readonly pagingLength?: number;
  readonly dnsNotAnswering?: boolean;
}

/** What the device does with the answer to one request. */
export type RequestFault =
  | { readonly kind: 'answer' }
  /** Drop the connection: before carrying the request out, or (`midOutput`) after writing part of its answer. */
  | { readonly kind: 'drop'; readonly midOutput: boolean }
  /** Write the first part of the answer, the rest after `ms` (null: never while the connection lasts). */
  | { readonly kind: 'stall'; readonly ms: number | null };

const ANSWER: RequestFault = { kind: 'answer' };

/** A one-shot countdown: fires on the request after `remaining` more. */
interface Countdown {
  remaining: number;
}

function checkCount(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new InvalidArgumentError(name, `must be an integer >= 0, got ${value}`);
}

function checkMs(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isFinite(value) || value < 0)) throw new InvalidArgumentError(name, `must be >= 0, got ${value}`);
}

function checkBoolean(name: string, value: boolean | undefined): void {
  if (value !== undefined && typeof value !== 'boolean') throw new InvalidArgumentError(name, `must be true or false, got ${String(value)}`);
}

export class FaultKnobs {
  #drop: Countdown | undefined;
  #dropMidOutput = false;
  #stall: Countdown | undefined;
  #stallMs: number | null = null;
  #delayMs = 0;
  #pagingLength = 0;
  #dnsDown = false;

  /** Sets the knobs given; the others keep their values. Every value is checked before any is set. */
  set(settings: FaultSettings): void {
    const { dropAfterCommands, dropMidOutput, stallAfterCommands, stallMs, outputDelayMs, pagingLength, dnsNotAnswering } = settings;
    checkCount('dropAfterCommands', dropAfterCommands);
    checkBoolean('dropMidOutput', dropMidOutput);
    checkCount('stallAfterCommands', stallAfterCommands);
    checkMs('stallMs', stallMs);
    checkMs('outputDelayMs', outputDelayMs);
    if (pagingLength !== undefined && (!Number.isInteger(pagingLength) || pagingLength < 0 || pagingLength === 1 || pagingLength > 512)) {
      throw new InvalidArgumentError('pagingLength', `must be 0 (off) or an integer from 2 to 512, got ${pagingLength}`);
    }
    checkBoolean('dnsNotAnswering', dnsNotAnswering);
    if (dropAfterCommands !== undefined) this.#drop = { remaining: dropAfterCommands };
    if (dropMidOutput !== undefined) this.#dropMidOutput = dropMidOutput;
    if (stallAfterCommands !== undefined) {
      this.#stall = { remaining: stallAfterCommands };
      this.#stallMs = stallMs ?? null;
    } else if (stallMs !== undefined) {
      this.#stallMs = stallMs;
    }
    if (outputDelayMs !== undefined) this.#delayMs = outputDelayMs;
    if (pagingLength !== undefined) this.#pagingLength = pagingLength;
    if (dnsNotAnswering !== undefined) this.#dnsDown = dnsNotAnswering;
  }

  clear(): void {
    this.#drop = undefined;
    this.#dropMidOutput = false;
    this.#stall = undefined;
    this.#stallMs = null;
    this.#delayMs = 0;
    this.#pagingLength = 0;
    this.#dnsDown = false;
  }

  get(): FaultSettings {
    return {
      ...(this.#drop === undefined ? {} : { dropAfterCommands: this.#drop.remaining }),
      ...(this.#drop !== undefined && this.#dropMidOutput ? { dropMidOutput: true } : {}),
      ...(this.#stall === undefined ? {} : { stallAfterCommands: this.#stall.remaining }),
      ...(this.#stall !== undefined && this.#stallMs !== null ? { stallMs: this.#stallMs } : {}),
      ...(this.#delayMs > 0 ? { outputDelayMs: this.#delayMs } : {}),
      ...(this.#pagingLength > 0 ? { pagingLength: this.#pagingLength } : {}),
      ...(this.#dnsDown ? { dnsNotAnswering: true } : {}),
    };
  }

  /** Called for each request received (CLI line or NETCONF rpc): what to do with its answer. */
  nextRequest(): RequestFault {
    if (this.#countDown(this.#drop)) {
      this.#drop = undefined;
      const midOutput = this.#dropMidOutput;
      this.#dropMidOutput = false;
      return { kind: 'drop', midOutput };
    }
    if (this.#countDown(this.#stall)) {
      this.#stall = undefined;
      return { kind: 'stall', ms: this.#stallMs };
    }
    return ANSWER;
  }

  /** True when the countdown fires on this request (it is then spent); counts down otherwise. */
  #countDown(countdown: Countdown | undefined): boolean {
    if (countdown === undefined) return false;
    if (countdown.remaining === 0) return true;
    countdown.remaining--;
    return false;
  }

  get outputDelayMs(): number {
    return this.#delayMs;
  }

  /** The forced paging length, or 0 when the terminal's own length applies. */
  get pagingLength(): number {
    return this.#pagingLength;
  }

  get dnsNotAnswering(): boolean {
    return this.#dnsDown;
  }
}
