/** Typed results of the CSSM API client (src/cssm/client.ts), the same for both path families. */
import type { Secret } from '../secret.js';

/** `apx`: `https://apx.cisco.com/v1/software/apis/…` (current); `legacy`: `…/services/api/smart-accounts-and-licensing/…`. */
export type CssmPathFamily = 'apx' | 'legacy';

/** What the client needs from fetch; global fetch fits, so does a CA-pinned one (ca-fetch.ts). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type TokenState = 'active' | 'expired' | 'used-up' | 'revoked' | 'unknown';

export interface CssmToken {
  /** The ID token, for `license smart register idtoken`; prints as `***`. */
  readonly token: Secret;
  readonly virtualAccount: string;
  /** ISO 8601 as CSSM returned it. */
  readonly expiresAt: string;
  readonly description: string;
  readonly exportControlled: boolean;
  readonly createdBy: string;
  /** Reuse limit; null = unlimited; undefined when CSSM did not say. */
  readonly maxUses?: number | null;
  readonly uses?: number;
  readonly state: TokenState;
}

export interface CreateTokenOptions {
  readonly virtualAccount?: string;
  readonly description?: string;
  /** 1–365; CSSM's default is 30. */
  readonly expiresAfterDays?: number;
  /** Reuse limit (no documented public field; sent as `maxUses`). */
  readonly maxUses?: number;
  readonly exportControlled?: boolean;
}

export interface RevokeResult {
  readonly revoked: boolean;
  readonly message: string;
}

export type ComplianceStatus = 'in-compliance' | 'out-of-compliance' | 'unknown';

export interface CssmLicense {
  /** Display name (`license`). */
  readonly name: string;
  readonly entitlementTag?: string;
  readonly virtualAccount: string;
  /** Purchased. */
  readonly quantity: number;
  readonly inUse: number;
  readonly available: number;
  readonly status: ComplianceStatus;
}

export interface CssmProductInstance {
  readonly udi: { readonly pid: string; readonly sn: string };
  readonly hostname: string;
  readonly instanceName: string;
  readonly productTagName: string;
  readonly productName: string;
  readonly virtualAccount: string;
  readonly status: ComplianceStatus;
  readonly registeredAt?: string;
  readonly lastContactAt?: string;
  readonly licenseUsage: readonly { readonly license: string; readonly entitlementTag?: string; readonly quantity: number }[];
  /** CSSM's product instance id when returned. */
  readonly id?: string;
}

export interface ProductInstanceQuery {
  readonly pid?: string;
  readonly sn: string;
}

export interface RemoveInstanceResult {
  readonly removed: boolean;
  readonly message: string;
}

export interface CssmVirtualAccount {
  readonly name: string;
  readonly isDefault: boolean;
}
