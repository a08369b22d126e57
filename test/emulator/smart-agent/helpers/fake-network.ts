/**
 * In-test call-home networks: a scripted CSSM that answers device messages from a little state (purchased
 * counts, known instances, sync loss), and switches to make a call home fail the way the real network would.
 */
import { DAY } from '../../../../src/clock.js';
import type { Clock } from '../../../../src/clock.js';
import type {
  AuthorizationReply,
  DeviceFailureCode,
  DeviceMessage,
  DeviceReply,
  EntitlementAuthorization,
} from '../../../../src/emulator/cssm/device-protocol.js';
import { entitlementKey } from '../../../../src/emulator/cssm/model.js';
import type { EmulatedDevice } from '../../../../src/emulator/device/types.js';
import type { CallHomeFailureCause, CallHomeNetwork, CallHomeOutcome } from '../../../../src/emulator/smart-agent/network.js';

export const FAKE_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

export type Script =
  | { readonly kind: 'cssm' }
  | { readonly kind: 'comm'; readonly cause: CallHomeFailureCause; readonly detail: string }
  | { readonly kind: 'refuse'; readonly code: DeviceFailureCode; readonly message: string };

export class FakeNetwork implements CallHomeNetwork {
  readonly sent: DeviceMessage[] = [];
  /** What the next call homes get (default: answered by the fake CSSM). */
  script: Script = { kind: 'cssm' };
  /** Purchased counts by short tag; a tag not listed has plenty. */
  readonly purchased = new Map<string, number>();
  readonly instances = new Map<string, { serial: string }>();
  syncLost = false;
  #serial = 1000;

  constructor(readonly clock: Clock) {}

  async send(_device: EmulatedDevice, message: DeviceMessage): Promise<CallHomeOutcome> {
    this.sent.push(message);
    await Promise.resolve();
    const script = this.script;
    if (script.kind === 'comm') return { ok: false, cause: script.cause, detail: script.detail, url: FAKE_URL };
    if (script.kind === 'refuse') return { ok: true, reply: this.failure(message, script.code, script.message), url: FAKE_URL, viaProxy: false };
    return { ok: true, reply: this.answer(message), url: FAKE_URL, viaProxy: false };
  }

  types(): string[] {
    return this.sent.map((m) => m.messageType);
  }

  private base(message: DeviceMessage) {
    return { protocol: 1 as const, ...(message.messageId === undefined ? {} : { messageId: message.messageId }), serverTime: new Date(this.clock.now()).toISOString() };
  }

  private failure(message: DeviceMessage, code: DeviceFailureCode, text: string): DeviceReply {
    return { ...this.base(message), status: 'FAILURE', messageType: message.messageType, error: { code, message: text } };
  }

  private authorization(message: DeviceMessage): AuthorizationReply {
    const entitlements = (message.usage ?? []).map((u) => {
      const purchased = this.purchased.get(entitlementKey(u.tag)) ?? 1_000_000;
      const status: EntitlementAuthorization = u.count <= purchased ? 'AUTHORIZED' : 'OUT OF COMPLIANCE';
      return { tag: u.tag, count: u.count, status, purchased, inUse: u.count };
    });
    return {
      status: entitlements.every((e) => e.status === 'AUTHORIZED') ? 'AUTHORIZED' : 'OUT OF COMPLIANCE',
      expiresAt: new Date(this.clock.now() + 90 * DAY).toISOString(),
      entitlements,
    };
  }

  private idCert(message: DeviceMessage) {
    const now = this.clock.now();
    const serial = String(++this.#serial);
    this.instances.set(message.udi.sn, { serial });
    return {
      serial,
      notBefore: new Date(now).toISOString(),
      notAfter: new Date(now + 365 * DAY).toISOString(),
      commonName: `${message.udi.sn}::1,2`,
      signer: 'MMI Signer',
      subCa: 'Smart Licensing CA',
      pem: '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n',
    };
  }

  private answer(message: DeviceMessage): DeviceReply {
    const account = {
      ...this.base(message),
      status: 'SUCCESS' as const,
      productInstanceId: `pi-${message.udi.sn}`,
      smartAccount: 'Forty-Two uLtd.',
      smartAccountDomain: 'fortytwo.example.com',
      virtualAccount: 'Default',
      exportControlled: 'ALLOWED' as const,
    };
    const known = this.instances.get(message.udi.sn);
    switch (message.messageType) {
      case 'REGISTER':
        if (known !== undefined && message.force !== true) {
          return this.failure(message, 'ALREADY_REGISTERED', `The product instance PID:${message.udi.pid},SN:${message.udi.sn} is already registered in virtual account "Default"; register with force to replace it.`);
        }
        return { ...account, messageType: 'REGISTER', idCert: this.idCert(message), ...(message.usage === undefined ? {} : { authorization: this.authorization(message) }) };
      default: {
        if (known === undefined || this.syncLost || (message.idCertSerial !== undefined && message.idCertSerial !== known.serial)) {
          return this.failure(message, 'SYNC_LOST', `Data and signature do not match for udi PID:${message.udi.pid},SN:${message.udi.sn}`);
        }
        if (message.messageType === 'RENEW_ID') return { ...account, messageType: 'RENEW_ID', idCert: this.idCert(message) };
        if (message.messageType === 'RENEW_AUTH') return { ...account, messageType: 'RENEW_AUTH', authorization: this.authorization(message) };
        this.instances.delete(message.udi.sn);
        return { ...account, messageType: 'DEREGISTER' };
      }
    }
  }
}
