/**
 * Every line a device received, in order: when (device clock), in which session and mode, the text with
 * secrets replaced by `***`, what kind of line it was and whether it changed the configuration. Idempotence
 * tests read it ("the second apply sends zero config lines": no entry of kind `config`).
 */
import type { ModeId } from './modes.js';

/**
 * - `exec`: an exec command (`show …`, `terminal …`, `copy …`, IOS-XR `show` in configuration mode, `do …`)
 * - `config`: a configuration line, including sub-mode lines (`call-home`, `profile …`) and `no` forms
 * - `mode`: navigation (`enable`, `configure terminal`, `exit`, `end`, Ctrl-Z)
 * - `commit`: IOS-XR `commit …` / `abort`
 * - `answer`: a line consumed by a question (`Destination filename [startup-config]?`, a PEM paste, `yes`)
 * - `empty`: an empty line
 */
export type CommandLogKind = 'exec' | 'config' | 'mode' | 'commit' | 'answer' | 'empty';

export type CommandOutcome = 'ok' | 'invalid-input' | 'incomplete' | 'ambiguous' | 'refused' | 'failed';

export interface CommandLogEntry {
  /** 1, 2, 3 … per device. */
  readonly seq: number;
  /** ISO 8601 UTC, device clock. */
  readonly at: string;
  readonly sessionId: number;
  readonly user: string;
  /** The mode the line was typed in (`privileged-exec`, `config`, `cfg-call-home-profile`, `exec` …). */
  readonly mode: ModeId;
  /** The line as received, secrets (ID tokens, passwords) replaced by `***`. */
  readonly line: string;
  readonly kind: CommandLogKind;
  readonly outcome: CommandOutcome;
  /** IOS-XE: the running configuration changed; IOS-XR: the candidate (config line) or running (commit) changed. */
  readonly configChanged: boolean;
}

export type CommandLogListener = (entry: CommandLogEntry) => void;

export class CommandLog {
  #entries: CommandLogEntry[] = [];
  #seq = 0;
  readonly #listeners = new Set<CommandLogListener>();

  /** Keeps the newest `limit` entries (sequence numbers keep counting). */
  constructor(readonly limit = 10_000) {}

  append(entry: Omit<CommandLogEntry, 'seq'>): CommandLogEntry {
    const full: CommandLogEntry = Object.freeze({ seq: ++this.#seq, ...entry });
    this.#entries.push(full);
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
    for (const listener of [...this.#listeners]) {
      try {
        listener(full);
      } catch {
        // a listener's failure must not break the device session
      }
    }
    return full;
  }

  entries(filter?: (entry: CommandLogEntry) => boolean): readonly CommandLogEntry[] {
    return filter === undefined ? [...this.#entries] : this.#entries.filter(filter);
  }

  /** Entries after `seq` (for "what did this run send"): `log.since(mark)`. */
  since(seq: number): readonly CommandLogEntry[] {
    return this.#entries.filter((e) => e.seq > seq);
  }

  /** The sequence number of the newest entry (0 when none). */
  get lastSeq(): number {
    return this.#seq;
  }

  clear(): void {
    this.#entries = [];
  }

  subscribe(listener: CommandLogListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}
