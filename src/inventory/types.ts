/**
 * The inventory contract (../shared/DESIGN.md "Contracts"): what `smartlic emulate --inventory-out` writes and
 * what every verb and playbook reads. A user's inventory for real devices has the same shape with secrets
 * given by reference (`{ "$env": "VAR" }` or `{ "$file": "path" }`) instead of inline values.
 */
import type { PlatformId } from '../platforms/types.js';

export type SecretRef = string | { readonly $env: string } | { readonly $file: string };

export type DeviceModel = 'cBR-8' | 'NCS-560' | 'NCS-1004';

export type HostKeyPolicy = 'strict' | 'accept-new' | 'insecure';

export type TransportKind = 'cli' | 'netconf';

export interface InventoryHost {
  readonly host: string;
  readonly port?: number;
  readonly netconfPort?: number;
  readonly platform?: PlatformId;
  readonly model?: DeviceModel | string;
  readonly username?: string;
  readonly password?: SecretRef;
  readonly privateKey?: SecretRef;
  readonly passphrase?: SecretRef;
  /** Use the ssh-agent at this socket (or `$SSH_AUTH_SOCK` when `true`). */
  readonly agent?: string | boolean;
  /** Pinned host key fingerprint, `SHA256:<base64>` as `ssh-keygen -lf` prints it. */
  readonly hostKey?: string;
  readonly hostKeyPolicy?: HostKeyPolicy;
  readonly knownHosts?: string;
  readonly transport?: TransportKind;
  /** Per-command timeout for this host, in milliseconds. */
  readonly timeoutMs?: number;
  readonly vars?: Readonly<Record<string, unknown>>;
}

export interface InventoryCssm {
  readonly url: string;
  readonly clientId: string;
  readonly clientSecret: SecretRef;
  readonly smartAccount: string;
  readonly virtualAccount: string;
  /** Token endpoint, when it is not `<url>/oauth2/default/v1/token`. */
  readonly tokenUrl?: string;
  /** PEM of the CA that signed the CSSM server certificate (emulator / on-prem), when not a public CA. */
  readonly caPem?: string;
}

export interface Inventory {
  readonly cssm?: InventoryCssm;
  /** Connection settings every host inherits unless it sets its own (username, password ref, policy …). */
  readonly defaults?: Partial<InventoryHost>;
  readonly hosts: Readonly<Record<string, InventoryHost>>;
  readonly groups?: Readonly<Record<string, readonly string[]>>;
  readonly vars?: Readonly<Record<string, unknown>>;
  /** Per-group variables, merged below host vars. */
  readonly groupVars?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}
