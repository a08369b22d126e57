/**
 * The device's logging buffer. The emulator logs its own events here (configuration commits, `commit
 * confirmed` rollbacks); the Smart Agent adds `%SMART_LIC-…` messages and renders `show logging` from it.
 */
export type SyslogSeverity = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface SyslogEntry {
  /** Epoch ms, device clock. */
  readonly at: number;
  /** `SMART_LIC`, `SYS`, `MGBL-CONFIG` … */
  readonly facility: string;
  readonly severity: SyslogSeverity;
  /** `AGENT_REG_FAILED`, `CONFIG_I`, `DB_COMMIT` … */
  readonly mnemonic: string;
  readonly text: string;
  /** IOS-XR process tag (`smartlicserver[311]`, `config[65840]`), printed before the message. */
  readonly process?: string;
}

export type SyslogListener = (entry: SyslogEntry) => void;

export class SyslogBuffer {
  #entries: SyslogEntry[] = [];
  readonly #listeners = new Set<SyslogListener>();

  constructor(readonly limit = 4096) {}

  append(entry: SyslogEntry): void {
    this.#entries.push(Object.freeze({ ...entry }));
    if (this.#entries.length > this.limit) this.#entries.splice(0, this.#entries.length - this.limit);
    for (const listener of [...this.#listeners]) {
      try {
        listener(entry);
      } catch {
        // listeners must not break logging
      }
    }
  }

  entries(): readonly SyslogEntry[] {
    return [...this.#entries];
  }

  clear(): void {
    this.#entries = [];
  }

  subscribe(listener: SyslogListener): () => void {
    this.#listeners.add(listener);
    return () => void this.#listeners.delete(listener);
  }
}

/** `%FACILITY-SEVERITY-MNEMONIC: text` */
export function syslogMessage(entry: SyslogEntry): string {
  return `%${entry.facility}-${entry.severity}-${entry.mnemonic}: ${entry.text}`;
}
