/**
 * A NetconfDevice over in-memory datastores for client/server tests: IOS-XE-like or IOS-XR-like profile, a few
 * Cisco namespaces, a validator, operational state, a `register-id-token` RPC and timers the test fires by hand.
 */
import { NetconfDevice, type NetconfDeviceOptions } from '../../../src/emulator/netconf/device.js';
import { MemoryDatastore } from '../../../src/emulator/netconf/memory-datastore.js';
import { IOS_XE_NETCONF_PROFILE, IOS_XR_NETCONF_PROFILE } from '../../../src/emulator/netconf/profiles.js';
import { rpcFailure } from '../../../src/emulator/netconf/rpc-failure.js';
import type { NetconfProfile, Timers } from '../../../src/emulator/netconf/types.js';
import { childText, parseXmlFragment, selectPath, xmlElement, type XmlNode } from '../../../src/netconf/xml.js';
import { createDuplexPair } from './duplex-pair.js';
import { serveNetconf, type NetconfServerSession } from '../../../src/emulator/netconf/server.js';
import { NetconfClient } from '../../../src/netconf/client.js';
import type { NetconfSessionOptions } from '../../../src/netconf/session.js';

export const XE_NATIVE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
export const XE_CALL_HOME = 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home';
export const SMART_LICENSE = 'http://cisco.com/ns/yang/cisco-smart-license';

export const INITIAL_RUNNING = `<native xmlns="${XE_NATIVE}"><hostname>cbr8-1</hostname>` +
  `<ip><domain><lookup>true</lookup></domain><name-server><no-vrf>192.0.2.53</no-vrf></name-server></ip></native>`;

/** Timers that only fire when the test says so. */
export class ManualTimers implements Timers {
  readonly #pending = new Map<number, { callback: () => void; ms: number }>();
  #next = 1;
  setTimeout(callback: () => void, ms: number): unknown {
    const id = this.#next++;
    this.#pending.set(id, { callback, ms });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.#pending.delete(handle as number);
  }
  get pending(): number[] {
    return [...this.#pending.values()].map((p) => p.ms);
  }
  /** Fires every pending timer. */
  fireAll(): number {
    const due = [...this.#pending.entries()];
    this.#pending.clear();
    for (const [, p] of due) p.callback();
    return due.length;
  }
}

export interface TestDevice {
  readonly device: NetconfDevice;
  readonly running: MemoryDatastore;
  readonly timers: ManualTimers;
  /** id-tokens received by register-id-token, in order. */
  readonly registrations: Array<{ token: string; force: boolean; sessionId: number }>;
}

export function createTestDevice(
  platform: 'ios-xe' | 'ios-xr' | NetconfProfile = 'ios-xe',
  extra: Partial<NetconfDeviceOptions> = {},
): TestDevice {
  const profile = platform === 'ios-xe' ? IOS_XE_NETCONF_PROFILE : platform === 'ios-xr' ? IOS_XR_NETCONF_PROFILE : platform;
  const running = new MemoryDatastore(INITIAL_RUNNING);
  const timers = new ManualTimers();
  const registrations: TestDevice['registrations'] = [];
  const device = new NetconfDevice({
    profile,
    running,
    timers,
    modules: [
      { name: 'Cisco-IOS-XE-native', namespace: XE_NATIVE, revision: '2023-07-01' },
      { name: 'Cisco-IOS-XE-call-home', namespace: XE_CALL_HOME, revision: '2022-11-01' },
      { name: 'cisco-smart-license', namespace: SMART_LICENSE, revision: '2021-03-01' },
    ],
    schema: {
      lists: { [`{${XE_NATIVE}}native/crypto/pki/trustpoint`]: ['id'], [`{${SMART_LICENSE}}licensing/state/state-info/usage`]: ['entitlement-tag'] },
      leafLists: [`{${XE_NATIVE}}native/ip/name-server/no-vrf`],
    },
    // A device-side rule: name servers must be IPv4 literals here.
    validate: (tree) => {
      for (const server of selectPath(tree, ['native', 'ip', 'name-server', 'no-vrf'], XE_NATIVE)) {
        if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(server.text.trim())) {
          throw rpcFailure('validate', 'invalid-value', `"${server.text}" is not an IPv4 address`, {
            type: 'application',
            path: '/native/ip/name-server/no-vrf',
            info: { 'bad-element': 'no-vrf' },
          });
        }
      }
    },
    state: () =>
      parseXmlFragment(
        `<licensing xmlns="${SMART_LICENSE}"><state><smart-enabled>true</smart-enabled><state-info><registration>` +
          `<registration-state>reg-state-not-registered</registration-state></registration></state-info></state></licensing>`,
      ),
    rpcs: [
      {
        namespace: SMART_LICENSE,
        name: 'register-id-token',
        handler: (input: XmlNode, context) => {
          const token = childText(input, 'id-token', SMART_LICENSE)?.trim();
          if (!token) {
            throw rpcFailure('register-id-token', 'missing-element', 'register-id-token needs <id-token>', {
              type: 'application',
              info: { 'bad-element': 'id-token' },
            });
          }
          const forceText = childText(input, 'force', SMART_LICENSE)?.trim() ?? 'false';
          if (forceText !== 'true' && forceText !== 'false') {
            throw rpcFailure('register-id-token', 'invalid-value', `force "${forceText}" is not a boolean`, {
              type: 'application',
              info: { 'bad-element': 'force' },
            });
          }
          registrations.push({ token, force: forceText === 'true', sessionId: context.sessionId });
          return [xmlElement('return-code', SMART_LICENSE, 'registrationinprogress')];
        },
      },
      {
        namespace: SMART_LICENSE,
        name: 'renew-id',
        handler: () => {
          throw new Error('agent crashed');
        },
      },
    ],
    ...extra,
  });
  return { device, running, timers, registrations };
}

/** A client connected to `device` over an in-memory duplex pair. */
export async function connectInMemory(
  device: NetconfDevice,
  options: NetconfSessionOptions = {},
): Promise<{ client: NetconfClient; server: NetconfServerSession }> {
  const pair = createDuplexPair();
  const server = serveNetconf(pair.server, { device });
  const client = await NetconfClient.connect(pair.client, { rpcTimeoutMs: 30_000, ...options });
  return { client, server };
}
