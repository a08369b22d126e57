/**
 * Golden transcripts: every byte a client receives in a few typical sessions, on devices with a fixed serial
 * and a virtual clock. A difference fails the test; regenerate with UPDATE_GOLDEN=1 and review the diff.
 */
import t from 'tap';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ManualTimers, startDevice, type EmulatedDevice } from '../../../src/emulator/index.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { generateHostKeys } from '../../../src/emulator/device/host-key.js';
import { openShell, PROMPT_AT_END } from './helpers/cli-client.js';

const GOLDEN_DIR = fileURLToPath(new URL('./golden/', import.meta.url));
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const hostKeys = generateHostKeys({ ed25519: false, rsaBits: 2048 });

/** A line to send, and what ends its answer (the next prompt by default). */
type Step = string | { readonly send: string; readonly until: RegExp };

interface Session {
  readonly name: string;
  readonly model: DeviceModel;
  readonly serial: string;
  readonly setup?: (device: EmulatedDevice) => void;
  readonly steps: readonly Step[];
}

const SESSIONS: readonly Session[] = [
  {
    name: 'xe-transport-gateway',
    model: 'cBR-8',
    serial: 'FXS1739Q0NT',
    steps: [
      'terminal length 0',
      'show version',
      'sh c',
      'show vlan',
      'configure terminal',
      'crypto pki trustpoint cisco',
      'enrollment terminal',
      'revocation-check none',
      'exit',
      'call-home',
      'profile CiscoTAC-1',
      'no reporting smart-licensing-data',
      'exit',
      'profile Custom-Profile-1',
      'reporting smart-licensing-data',
      'destination transport-method http',
      'no destination transport-method email',
      'destination address http https://ds.example.net:844/transportgate/services/DeviceRequestHandler',
      'show running-config',
      'do show running-config | section call-home',
      'end',
      { send: 'copy running-config startup-config', until: /\? $/ },
      '',
      'show running-config',
    ],
  },
  {
    name: 'xr-ncs560-call-home-commit',
    model: 'NCS-560',
    serial: 'FOX2305P81D',
    setup: (device) =>
      void device.config.addValidator((change) =>
        change.line.startsWith('http-proxy 203.0.113.') ? "'call-home' detected the 'warning' condition 'proxy unreachable'" : undefined,
      ),
    steps: [
      'terminal length 0',
      'show version | utility head -n 20',
      'show running-config call-home',
      'configure terminal',
      'domain name-server 198.51.100.247',
      'call-home',
      'service active',
      'contact-email-addr username@example.com',
      'profile CiscoTAC-1',
      'destination transport-method http',
      'destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService',
      'active',
      'no destination transport-method email',
      'show configuration',
      'show commit changes diff',
      'commit',
      'exit',
      'http-proxy 203.0.113.10 port 3128',
      'commit',
      'show configuration failed',
      { send: 'end', until: /\[cancel\]:$/ },
      'no',
      'show running-config',
    ],
  },
  {
    name: 'xr-ncs1004-one-line-submodes',
    model: 'NCS-1004',
    serial: 'CAT2231B18Y',
    steps: [
      'terminal exec prompt no-timestamp',
      'terminal length 0',
      'show version',
      'configure',
      'crypto ca trustpoint Trustpool crl optional',
      'license smart flexible-consumption enable',
      'commit label SATELLITE',
      'end',
      'show running-config crypto',
      'show configuration commit list',
      'show vlan',
    ],
  },
];

for (const session of SESSIONS) {
  t.test(session.name, async (t) => {
    const timers = new ManualTimers(Date.UTC(2024, 6, 2, 13, 13, 37, 123));
    const device = await startDevice({ model: session.model, serial: session.serial }, { hostKeys, timers });
    t.teardown(() => device.close());
    session.setup?.(device);
    const cli = await openShell(device.port);
    t.teardown(() => cli.close());
    for (const step of session.steps) {
      const { send, until } = typeof step === 'string' ? { send: step, until: PROMPT_AT_END } : step;
      cli.write(`${send}\r`);
      await cli.waitFor(until);
    }
    const path = `${GOLDEN_DIR}${session.name}.txt`;
    if (UPDATE || !existsSync(path)) {
      if (!UPDATE) t.fail(`no golden transcript ${path}: run with UPDATE_GOLDEN=1 and review it`);
      mkdirSync(GOLDEN_DIR, { recursive: true });
      writeFileSync(path, cli.transcript);
      return;
    }
    t.equal(cli.transcript, readFileSync(path, 'utf8'), `transcript equals ${session.name}.txt`);
  });
}
