/**
 * A minimal call-home network for end-to-end tests: POSTs the device message as JSON straight to a CSSM
 * emulator's device path, without the DNS / proxy / TLS checks of the real network.
 */
import type { DeviceMessage, DeviceReply } from '../../../../src/emulator/cssm/device-protocol.js';
import type { EmulatedDevice } from '../../../../src/emulator/device/types.js';
import type { CallHomeNetwork, CallHomeOutcome, CallHomeSendOptions } from '../../../../src/emulator/smart-agent/network.js';

export const DEVICE_PATH = '/its/service/oddce/services/DDCEService';

export class HttpNetwork implements CallHomeNetwork {
  constructor(public base: string) {}

  async send(_device: EmulatedDevice, message: DeviceMessage, options: CallHomeSendOptions = {}): Promise<CallHomeOutcome> {
    const url = `${this.base}${DEVICE_PATH}`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(message),
        ...(options.signal === undefined ? {} : { signal: options.signal }),
      });
      const reply = (await res.json()) as DeviceReply;
      return { ok: true, reply, url, viaProxy: false };
    } catch {
      return { ok: false, cause: 'unreachable', detail: 'Connection refused by the licensing server', url };
    }
  }
}
