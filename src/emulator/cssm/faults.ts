/**
 * Fault knobs of the CSSM emulator, settable at runtime: unreachable (connections reset, or refused because the
 * listeners are closed), slow (a delay before answering), HTTP 5xx (the next N requests, or a rate), sync loss for
 * given UDIs (their signature no longer matches, 004:639-647, without the product instance being removed), and a
 * rejected certificate (the HTTPS listener presents one a device will not accept: expired, for another name, or
 * from an unknown CA). Each traffic fault has a scope: `device` (call-home paths), `api` (REST and OAuth) or `all`.
 */
import { udiText, type Udi } from './model.js';
import type { RejectedCertificate } from './tls.js';

export type FaultScope = 'all' | 'device' | 'api';
export type TrafficKind = 'device' | 'api';

/** `reset`: connections are accepted and destroyed; `refuse`: the listeners are closed (ECONNREFUSED). */
export type UnreachableMode = 'reset' | 'refuse';

export interface FaultSnapshot {
  readonly unreachable: { readonly mode: UnreachableMode; readonly scope: FaultScope } | null;
  readonly delay: { readonly ms: number; readonly scope: FaultScope } | null;
  readonly http5xx: { readonly status: number; readonly remaining: number | null; readonly rate: number | null; readonly scope: FaultScope } | null;
  readonly syncLost: readonly string[];
  /** The kind of certificate the HTTPS listener presents instead of its own, or null. */
  readonly certificate: RejectedCertificate | null;
}

export interface FaultDecision {
  readonly reset: boolean;
  readonly delayMs: number;
  /** An HTTP status to answer with instead of handling, or 0. */
  readonly status: number;
}

function inScope(scope: FaultScope, kind: TrafficKind): boolean {
  return scope === 'all' || scope === kind;
}

export class CssmFaults {
  #unreachable: { mode: UnreachableMode; scope: FaultScope } | null = null;
  #delay: { ms: number; scope: FaultScope } | null = null;
  #http5xx: { status: number; remaining: number | null; rate: number | null; scope: FaultScope } | null = null;
  readonly #syncLost = new Set<string>();
  #certificate: RejectedCertificate | null = null;

  constructor(
    private readonly random: () => number = Math.random,
    /** Called when the unreachable mode changes so that the server can close or reopen its listeners. */
    private readonly onUnreachableChange: (mode: UnreachableMode | null) => Promise<void> = async () => undefined,
    /** Called when the certificate knob changes so that the server can present another certificate. */
    private readonly onCertificateChange: (kind: RejectedCertificate | null) => void = () => undefined,
  ) {}

  /**
   * From the next TLS handshake on, the HTTPS listener presents a certificate devices reject (`expired`,
   * `wrong-name`, `untrusted`); null gives it its own back.
   */
  certificate(kind: RejectedCertificate | null): void {
    if (kind !== null && kind !== 'expired' && kind !== 'wrong-name' && kind !== 'untrusted') {
      throw new RangeError(`certificate: expected "expired", "wrong-name", "untrusted" or null, got ${JSON.stringify(kind)}`);
    }
    if (kind === this.#certificate) return;
    this.#certificate = kind;
    this.onCertificateChange(kind);
  }

  /** Makes CSSM unreachable (`reset` by default) for the scope; `refuse` closes the listeners and ignores the scope. */
  async unreachable(mode: UnreachableMode = 'reset', scope: FaultScope = 'all'): Promise<void> {
    const before = this.#unreachable?.mode ?? null;
    this.#unreachable = { mode, scope: mode === 'refuse' ? 'all' : scope };
    if (before !== mode) await this.onUnreachableChange(mode);
  }

  async reachable(): Promise<void> {
    const before = this.#unreachable;
    this.#unreachable = null;
    if (before !== null) await this.onUnreachableChange(null);
  }

  /** Every answer in the scope waits `ms` milliseconds (real time); 0 clears. */
  slow(ms: number, scope: FaultScope = 'all'): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`slow: delay must be >= 0 ms, got ${ms}`);
    this.#delay = ms === 0 ? null : { ms, scope };
  }

  /** The next `count` requests in the scope are answered with `status` (default 503). */
  failNext(count: number, status = 503, scope: FaultScope = 'all'): void {
    if (!Number.isInteger(count) || count < 0) throw new RangeError(`failNext: count must be a non-negative integer, got ${count}`);
    if (!Number.isInteger(status) || status < 500 || status > 599) throw new RangeError(`failNext: status must be 5xx, got ${status}`);
    this.#http5xx = count === 0 ? null : { status, remaining: count, rate: null, scope };
  }

  /** Each request in the scope is answered with `status` with probability `rate` (0–1); 0 clears. */
  failRate(rate: number, status = 503, scope: FaultScope = 'all'): void {
    if (!(rate >= 0 && rate <= 1)) throw new RangeError(`failRate: rate must be within 0..1, got ${rate}`);
    if (!Number.isInteger(status) || status < 500 || status > 599) throw new RangeError(`failRate: status must be 5xx, got ${status}`);
    this.#http5xx = rate === 0 ? null : { status, remaining: null, rate, scope };
  }

  /** From now on, renewals and deregistration of this UDI fail with "Data and signature do not match". */
  syncLoss(udi: Udi): void {
    this.#syncLost.add(udiText(udi));
  }

  clearSyncLoss(udi: Udi): void {
    this.#syncLost.delete(udiText(udi));
  }

  isSyncLost(udi: Udi): boolean {
    return this.#syncLost.has(udiText(udi));
  }

  /** Clears every knob. */
  async clear(): Promise<void> {
    this.#delay = null;
    this.#http5xx = null;
    this.#syncLost.clear();
    this.certificate(null);
    await this.reachable();
  }

  snapshot(): FaultSnapshot {
    return {
      unreachable: this.#unreachable === null ? null : { ...this.#unreachable },
      delay: this.#delay === null ? null : { ...this.#delay },
      http5xx: this.#http5xx === null ? null : { ...this.#http5xx },
      syncLost: [...this.#syncLost],
      certificate: this.#certificate,
    };
  }

  /** Whether a new connection should be reset before any request is read (unreachable for every kind). */
  resetsConnections(): boolean {
    return this.#unreachable !== null && this.#unreachable.scope === 'all';
  }

  /** What to do with one request of this kind; consumes one of the "next N" failures when it applies. */
  decide(kind: TrafficKind): FaultDecision {
    const reset = this.#unreachable !== null && inScope(this.#unreachable.scope, kind);
    const delayMs = this.#delay !== null && inScope(this.#delay.scope, kind) ? this.#delay.ms : 0;
    let status = 0;
    const f = this.#http5xx;
    if (!reset && f !== null && inScope(f.scope, kind)) {
      if (f.remaining !== null) {
        status = f.status;
        f.remaining -= 1;
        if (f.remaining <= 0) this.#http5xx = null;
      } else if (f.rate !== null && this.random() < f.rate) {
        status = f.status;
      }
    }
    return { reset, delayMs, status };
  }
}
