/**
 * The fixture of the injection suites: a cBR-8 and an NCS 1004 in a lab (helpers/e2e-lab.ts) whose emulators log at
 * debug level, so that both the devices' command logs and the NETCONF server's session / RPC lines can prove
 * that nothing reached a device; and the intent fields with a valid value each.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Test } from 'tap';
import { commands } from '../../../src/cli/commands/index.js';
import { ExitCode } from '../../../src/cli/exit-codes.js';
import { playbookCommands, registerPlaybookCommands } from '../../../src/cli/commands/playbook.js';
import { createLogger } from '../../../src/log.js';
import { createDeviceTaskRegistry } from '../../../src/playbook/runners/device-runners.js';
import { runSmartlic, type CliRun } from '../../helpers/cli-run.js';
import { startE2eLab, type E2eLab } from './e2e-lab.js';

/** A valid value of each intent field and the intent that carries it. */
export const INTENT_FIELDS: readonly { readonly pointer: string; readonly base: string; readonly intent: (v: string) => unknown }[] = [
  { pointer: '/dns/nameServer/0', base: '192.0.2.53', intent: (v) => ({ dns: { nameServer: [v] } }) },
  { pointer: '/dns/vrf', base: 'Mgmt-intf', intent: (v) => ({ dns: { nameServer: ['192.0.2.53'], vrf: v } }) },
  { pointer: '/dns/domainName', base: 'example.net', intent: (v) => ({ dns: { nameServer: ['192.0.2.53'], domainName: v } }) },
  { pointer: '/callHome/contactEmail', base: 'noc@example.net', intent: (v) => ({ callHome: { direct: {}, contactEmail: v } }) },
  { pointer: '/callHome/profile/name', base: 'SLProfile', intent: (v) => ({ callHome: { direct: {}, profile: { name: v } } }) },
  { pointer: '/callHome/direct/url', base: 'https://tools.cisco.com/its/service/oddce/services/DDCEService', intent: (v) => ({ callHome: { direct: { url: v } } }) },
  { pointer: '/callHome/httpProxy/address', base: 'proxy.example.net', intent: (v) => ({ callHome: { httpProxy: { address: v, port: 3128 } } }) },
  {
    pointer: '/callHome/httpProxy/url',
    base: 'https://tools.cisco.com/its/service/oddce/services/DDCEService',
    intent: (v) => ({ callHome: { httpProxy: { address: '198.51.100.10', port: 3128, url: v } } }),
  },
  { pointer: '/callHome/onPrem/url', base: 'https://satellite.example.net/SmartTransport', intent: (v) => ({ callHome: { onPrem: { url: v } } }) },
  {
    pointer: '/callHome/transportGateway/url',
    base: 'https://satellite.example.net/Transportgateway/services/DeviceRequestHandler',
    intent: (v) => ({ callHome: { transportGateway: { url: v } } }),
  },
  { pointer: '/trust/trustpoint/name', base: 'SLA-TrustPoint', intent: (v) => ({ trust: { trustpoint: { name: v } } }) },
  { pointer: '/httpClient/sourceInterfaceIpv4', base: 'Vlan100', intent: (v) => ({ httpClient: { sourceInterfaceIpv4: v } }) },
  { pointer: '/httpClient/sourceInterfaceIpv6', base: 'Vlan100', intent: (v) => ({ httpClient: { sourceInterfaceIpv6: v } }) },
];

/** A token shaped like the CSSM emulator's (base64 with URL-escaped line breaks). */
export const TOKEN_BASE = 'Tl4UytrNXBzbEs1ck8veUtWaG5abnZJOFdDa1FwbVRa%0Ab1RMbz0%3D%0A';
export const SHOW_BASE = 'show license status';

export function sink(into: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, callback) {
      into.push(String(chunk));
      callback();
    },
  });
}

export interface InjectionLab {
  readonly e2e: E2eLab;
  /** Everything the lab's emulators logged (NETCONF sessions and RPCs at debug level). */
  readonly labLog: string[];
  /** Every line each device received since the mark, and the NETCONF sessions opened since it. */
  received(): { readonly lines: readonly string[]; readonly netconfSessions: number };
  /**
   * From now on. The emulator logs a NETCONF session once the client's hello arrives, which can be after
   * `openDevice` resolved: the mark waits (bounded) until the `netconfOpened` sessions the test opened are logged.
   */
  mark(netconfOpened?: number): Promise<void>;
}

export async function injectionLab(t: Test): Promise<InjectionLab> {
  const labLog: string[] = [];
  const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'], logger: createLogger({ level: 'debug', destination: sink(labLog) as never }) });
  const names = ['cbr8-1', 'ncs1004-1'];
  let marks = new Map<string, number>();
  let logMark = 0;
  const sessionsOpened = (): number => labLog.filter((l) => l.includes('NETCONF session open')).length;
  const mark = async (netconfOpened = 0): Promise<void> => {
    for (let i = 0; i < 500 && sessionsOpened() < netconfOpened; i++) await new Promise((r) => setTimeout(r, 10));
    if (sessionsOpened() !== netconfOpened) throw new Error(`expected ${netconfOpened} NETCONF sessions, the lab logged ${sessionsOpened()}`);
    marks = new Map(names.map((n) => [n, e2e.device(n).commandLog.lastSeq]));
    logMark = labLog.length;
  };
  await mark();
  return {
    e2e,
    labLog,
    mark,
    received: () => ({
      lines: names.flatMap((n) => e2e.device(n).commandLog.since(marks.get(n) ?? 0).map((e) => `${n}: ${e.line}`)),
      netconfSessions: labLog.slice(logMark).filter((l) => l.includes('NETCONF session open') || l.includes('NETCONF rpc')).length,
    }),
  };
}

/**
 * The `smartlic` command line in process, in `dir`: every verb, `run` and `validate` with the shipped device task
 * registry made once for the directory (as each `smartlic` process makes it once), so that its compiled playbook
 * schema serves every run of the test.
 */
export function smartlicIn(dir: string): (argv: readonly string[], env?: NodeJS.ProcessEnv) => Promise<CliRun> {
  const registry = createDeviceTaskRegistry({ cwd: dir });
  const verbs = [playbookCommands({ registry: () => registry }), ...commands.filter((c) => c !== registerPlaybookCommands)];
  return (argv, env = {}) => runSmartlic(argv, verbs, { env, cwd: dir });
}

/** A `smartlic` in a test directory holding the lab's inventory, and a check that a command line is refused (exit 2). */
export interface CliRefusals {
  readonly dir: string;
  readonly inventory: ReturnType<E2eLab['lab']['inventory']>;
  readonly smartlic: ReturnType<typeof smartlicIn>;
  /** Runs `argv`; a failed assertion unless it exits 2 with `expect` in its output. */
  refused(what: string, argv: readonly string[], env: NodeJS.ProcessEnv, expect: RegExp): Promise<void>;
  /** Command lines run through `refused` so far. */
  readonly runs: number;
}

export function cliRefusals(t: Test, lab: InjectionLab): CliRefusals {
  const dir = t.testdir();
  const smartlic = smartlicIn(dir);
  const inventory = lab.e2e.lab.inventory();
  writeFileSync(join(dir, 'inventory.json'), JSON.stringify(inventory));
  let runs = 0;
  return {
    dir,
    inventory,
    smartlic,
    get runs() {
      return runs;
    },
    refused: async (what, argv, env, expect) => {
      const r = await smartlic(argv, env);
      runs++;
      if (r.code !== ExitCode.badInput || !expect.test(r.stderr + r.stdout)) {
        t.fail(`${what}: expected exit 2 matching ${String(expect)}`, { code: r.code, stderr: r.stderr.slice(0, 400), stdout: r.stdout.slice(0, 400) });
      }
    },
  };
}
