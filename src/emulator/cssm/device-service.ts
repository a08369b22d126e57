/**
 * Answers device messages (device-protocol.ts) from the store: token rules at registration, ID certificates,
 * authorization from the virtual account's purchased vs in-use counts, and sync loss for product instances CSSM
 * no longer has (004:597-684).
 */
import { createHash } from 'node:crypto';
import { DAY } from '../../clock.js';
import { entitlementKey, udiText, type IdCertRecord, type ProductInstanceRecord, type Udi } from './model.js';
import type { CssmStore } from './store.js';
import {
  DEVICE_PROTOCOL_VERSION,
  syncLostMessage,
  type AuthorizationReply,
  type DeviceFailureCode,
  type DeviceMessage,
  type DeviceReply,
  type DeviceUsage,
  type EntitlementAuthorization,
  type FailureReply,
  type IdCertificate,
  type DeviceMessageType,
  type InstanceReplyBase,
} from './device-protocol.js';

/** Authorization period granted by a successful RENEW_AUTH (004:242-244). */
export const AUTHORIZATION_PERIOD_DAYS = 90;

export interface DeviceServiceHooks {
  /** A fault knob: this UDI's signature no longer matches (sync loss without removal). */
  readonly syncLost: (udi: Udi) => boolean;
  /** Called after a successful registration of this UDI (a new identity ends a forced sync loss). */
  readonly registered: (udi: Udi) => void;
  /** Allow `force` re-registration into another virtual account than the one holding the instance. */
  readonly allowVirtualAccountMove: boolean;
}

const iso = (ms: number): string => new Date(ms).toISOString();

function pemLike(cert: IdCertRecord, udi: Udi): string {
  const der = Buffer.concat([
    Buffer.from([0x30, 0x82]),
    Buffer.from(JSON.stringify({ s: cert.serial, cn: cert.commonName, u: udiText(udi), nb: cert.notBefore, na: cert.notAfter })),
    createHash('sha256').update(`${cert.serial}|${udiText(udi)}`).digest(),
  ]);
  const lines = der.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${lines.join('\n')}\n-----END CERTIFICATE-----\n`;
}

function idCertificate(cert: IdCertRecord, udi: Udi): IdCertificate {
  return {
    serial: cert.serial,
    notBefore: iso(cert.notBefore),
    notAfter: iso(cert.notAfter),
    commonName: cert.commonName,
    signer: 'MMI Signer',
    subCa: 'Smart Licensing CA',
    pem: pemLike(cert, udi),
  };
}

export class DeviceService {
  constructor(
    private readonly store: CssmStore,
    private readonly hooks: DeviceServiceHooks,
  ) {}

  handle(msg: DeviceMessage): DeviceReply {
    switch (msg.messageType) {
      case 'REGISTER':
        return this.register(msg);
      case 'RENEW_ID':
      case 'RENEW_AUTH':
      case 'DEREGISTER':
        return this.existing(msg);
    }
  }

  failure(
    code: DeviceFailureCode,
    message: string,
    msg?: { readonly messageType?: DeviceMessageType | undefined; readonly messageId?: string | undefined },
  ): FailureReply {
    return {
      protocol: DEVICE_PROTOCOL_VERSION,
      status: 'FAILURE',
      ...(msg?.messageType === undefined ? {} : { messageType: msg.messageType }),
      ...(msg?.messageId === undefined ? {} : { messageId: msg.messageId }),
      serverTime: iso(this.store.now()),
      error: { code, message },
    };
  }

  private base(msg: DeviceMessage, pi: ProductInstanceRecord): InstanceReplyBase {
    const { sa } = this.store.account(pi.smartAccount, pi.virtualAccount);
    return {
      protocol: DEVICE_PROTOCOL_VERSION,
      status: 'SUCCESS',
      ...(msg.messageId === undefined ? {} : { messageId: msg.messageId }),
      serverTime: iso(this.store.now()),
      productInstanceId: pi.id,
      smartAccount: sa.name,
      smartAccountDomain: sa.domain,
      virtualAccount: pi.virtualAccount,
      exportControlled: pi.exportControlled ? 'ALLOWED' : 'NOT ALLOWED',
    };
  }

  private register(msg: DeviceMessage): DeviceReply {
    const token = this.store.findToken(msg.idToken ?? '');
    if (token === undefined) return this.failure('TOKEN_INVALID', 'The ID token is not valid.', msg);
    switch (this.store.tokenStatus(token)) {
      case 'revoked':
        return this.failure('TOKEN_REVOKED', 'The ID token has been revoked.', msg);
      case 'expired':
        return this.failure('TOKEN_EXPIRED', `The ID token expired on ${iso(token.expiresAt)}.`, msg);
      case 'used-up':
        return this.failure('TOKEN_USED_UP', `The ID token has already been used the maximum number of times (${token.maxUses}).`, msg);
      case 'active':
        break;
    }
    const existing = this.store.findInstance(msg.udi);
    if (existing !== undefined && msg.force !== true) {
      return this.failure(
        'ALREADY_REGISTERED',
        `The product instance ${udiText(msg.udi)} is already registered in virtual account "${existing.virtualAccount}"; register with force to replace it.`,
        msg,
      );
    }
    if (
      existing !== undefined &&
      !this.hooks.allowVirtualAccountMove &&
      (existing.virtualAccount !== token.virtualAccount || existing.smartAccount !== token.smartAccount)
    ) {
      return this.failure(
        'TOKEN_WRONG_VIRTUAL_ACCOUNT',
        `The product instance ${udiText(msg.udi)} is registered in virtual account "${existing.virtualAccount}"; the ID token belongs to virtual account "${token.virtualAccount}".`,
        msg,
      );
    }
    if (msg.exportControlled === true && !token.exportControlled) {
      return this.failure('EXPORT_CONTROL_NOT_ALLOWED', 'The ID token does not allow export-controlled functionality.', msg);
    }
    const pi = this.store.addInstance(
      token,
      {
        udi: msg.udi,
        hostname: msg.hostname ?? '',
        swVersion: msg.swVersion ?? '',
        softwareTag: msg.softwareTag ?? '',
        usage: msg.usage ?? [],
      },
      existing,
    );
    this.hooks.registered(msg.udi);
    return {
      ...this.base(msg, pi),
      messageType: 'REGISTER',
      idCert: idCertificate(pi.idCert, pi.udi),
      ...(msg.usage === undefined ? {} : { authorization: this.authorization(pi, msg.usage) }),
    };
  }

  /** RENEW_ID, RENEW_AUTH, DEREGISTER: the instance must exist with the certificate the device holds. */
  private existing(msg: DeviceMessage): DeviceReply {
    const pi = this.store.findInstance(msg.udi);
    if (
      pi === undefined ||
      (msg.idCertSerial !== undefined && msg.idCertSerial !== pi.idCert.serial) ||
      this.hooks.syncLost(msg.udi)
    ) {
      return this.failure('SYNC_LOST', syncLostMessage(msg.udi), msg);
    }
    const update = {
      ...(msg.hostname === undefined ? {} : { hostname: msg.hostname }),
      ...(msg.swVersion === undefined ? {} : { swVersion: msg.swVersion }),
    };
    switch (msg.messageType) {
      case 'RENEW_ID': {
        this.store.touch(pi, { ...update, idCert: this.store.issueIdCert(pi.udi) });
        return { ...this.base(msg, pi), messageType: 'RENEW_ID', idCert: idCertificate(pi.idCert, pi.udi) };
      }
      case 'RENEW_AUTH': {
        const usage = msg.usage ?? [];
        this.store.touch(pi, { ...update, usage });
        return { ...this.base(msg, pi), messageType: 'RENEW_AUTH', authorization: this.authorization(pi, usage) };
      }
      default: {
        const reply = { ...this.base(msg, pi), messageType: 'DEREGISTER' as const };
        this.store.removeInstance(pi);
        return reply;
      }
    }
  }

  /** Per entitlement the device reported: the virtual account's purchased vs in use (all its instances). */
  private authorization(pi: ProductInstanceRecord, usage: readonly DeviceUsage[]): AuthorizationReply {
    const { sa, va } = this.store.account(pi.smartAccount, pi.virtualAccount);
    const rows = new Map(this.store.licenseUsage(sa, va).map((r) => [r.key, r]));
    const entitlements = usage.map((u) => {
      const row = rows.get(entitlementKey(u.tag));
      const purchased = row?.quantity ?? 0;
      const inUse = row?.inUse ?? u.count;
      let status: EntitlementAuthorization = u.count === 0 || inUse <= purchased ? 'AUTHORIZED' : 'OUT OF COMPLIANCE';
      if (status === 'AUTHORIZED' && u.count > 0 && row?.exportRestricted === true && !pi.exportControlled) status = 'NOT AUTHORIZED';
      return { tag: u.tag, count: u.count, status, purchased, inUse };
    });
    return {
      status: entitlements.every((e) => e.status === 'AUTHORIZED') ? 'AUTHORIZED' : 'OUT OF COMPLIANCE',
      expiresAt: iso(this.store.now() + AUTHORIZATION_PERIOD_DAYS * DAY),
      entitlements,
    };
  }
}
