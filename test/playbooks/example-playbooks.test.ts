/**
 * Every playbook in playbooks/ runs green against the emulated world: one lab (CSSM emulator, HTTP proxy, an
 * on-prem satellite name, 18 devices with the Smart Agent), each playbook on its own devices with an inventory
 * of just those, the ID token created through the CSSM API and handed over in SMARTLIC_TOKEN. Each playbook runs
 * with --check first (the command log shows no configuration line and no license command), then for real, and
 * the end state is read back from the devices and CSSM.
 */
import t, { type Test } from 'tap';
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { playbookCommands } from '../../src/cli/commands/playbook.js';
import { runCli } from '../../src/cli/program.js';
import { CssmClient } from '../../src/cssm/client.js';
import { startLab, type Lab } from '../../src/emulator/lab.js';
import type { EmulatedDevice } from '../../src/emulator/device/types.js';
import { smartAgentOf } from '../../src/emulator/smart-agent/agent-registry.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import type { Inventory } from '../../src/inventory/types.js';
import type { PlaybookReport, TaskReport } from '../../src/playbook/report.js';
import type { Secret } from '../../src/secret.js';

const PLAYBOOKS = fileURLToPath(new URL('../../playbooks/', import.meta.url));
const SATELLITE = 'satellite.example.net';
const XR_DIRECT = `domain name-server 198.51.100.247
call-home
 service active
 profile CiscoTAC-1
  active
  destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService
  destination transport-method http
`;

interface Run {
  readonly code: number;
  readonly out: string;
  readonly report: PlaybookReport;
}

interface Bench {
  readonly lab: Lab;
  readonly dir: string;
  readonly token: Secret;
  device(name: string): EmulatedDevice;
  run(file: string, hosts: readonly string[], extra?: { readonly groups?: Record<string, string[]>; readonly check?: boolean }): Promise<Run>;
}

/** What a --check run must never send: configuration lines, commits, license commands. */
function changesSent(device: EmulatedDevice, since: number): string[] {
  return device.commandLog
    .since(since)
    .filter((e) => e.kind === 'config' || e.kind === 'commit' || /^license smart /.test(e.line))
    .map((e) => e.line);
}

function linesSent(device: EmulatedDevice, since = 0): string[] {
  return device.commandLog.since(since).map((e) => e.line);
}

function task(report: PlaybookReport, host: string, name: string): TaskReport {
  const found = report.hosts.find((h) => h.host === host)?.tasks.find((x) => x.name === name);
  if (found === undefined) throw new Error(`no task "${name}" on ${host}`);
  return found;
}

function agent(device: EmulatedDevice) {
  const a = smartAgentOf(device);
  if (a === undefined) throw new Error(`${device.name} has no Smart Agent`);
  return a;
}

/** DNS and call-home as the seeds configure them for CSSM (000:46-52, 004:168-220), typed into the running configuration. */
function configureDirect(device: EmulatedDevice): void {
  const result = device.config.apply(device.platform === 'ios-xe' ? 'ip name-server 198.51.100.247\n' : XR_DIRECT);
  if (!result.ok) throw new Error(`${device.name}: configuration refused: ${JSON.stringify(result)}`);
}

async function registerDirect(lab: Lab, device: EmulatedDevice): Promise<void> {
  configureDirect(device);
  const a = agent(device);
  a.register(lab.cssm.createToken({ description: `pre-state ${device.name}` }).token);
  await a.idle();
  if (a.snapshot().registration.status !== 'registered') throw new Error(`${device.name} did not register: ${JSON.stringify(a.snapshot().registration)}`);
}

async function startBench(t: Test): Promise<Bench> {
  const lab = await startLab({ devices: 18, platform: 'mixed', proxy: true, onPremHosts: [SATELLITE] });
  t.teardown(() => lab.close());
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-playbooks-'));
  const full = lab.inventory();
  const account = inventoryFromObject(full, 'lab.json').cssm;
  if (account === undefined) throw new Error('the lab inventory has no cssm entry');
  // The token every playbook gets in SMARTLIC_TOKEN, created through the CSSM REST API as a user would.
  const token = (await CssmClient.fromAccount(account).createToken({ description: 'example playbooks', expiresAfterDays: 1 })).token;
  const device = (name: string): EmulatedDevice => {
    const d = lab.fleet.device(name);
    if (d === undefined) throw new Error(`no device ${name}`);
    return d;
  };
  let runs = 0;
  return {
    lab,
    dir,
    token,
    device,
    async run(file, hosts, extra = {}) {
      const inventory: Inventory = {
        ...(full.cssm === undefined ? {} : { cssm: full.cssm }),
        hosts: Object.fromEntries(hosts.map((h) => [h, full.hosts[h]!])),
        groups: {
          ...Object.fromEntries(Object.entries(full.groups ?? {}).map(([g, members]) => [g, members.filter((m) => hosts.includes(m))]).filter(([, m]) => m.length > 0)),
          ...extra.groups,
        },
        vars: {},
      };
      const n = ++runs;
      writeFileSync(join(dir, `inventory-${n}.json`), JSON.stringify(inventory));
      let out = '';
      const stdout = new PassThrough();
      const stderr = new PassThrough();
      stdout.on('data', (c: Buffer) => (out += c.toString()));
      stderr.on('data', (c: Buffer) => (out += c.toString()));
      const argv = ['run', join(PLAYBOOKS, file), '-i', `inventory-${n}.json`, '--report', `report-${n}.json`, ...(extra.check === true ? ['--check'] : [])];
      const code = await runCli(argv, { stdout, stderr, stdin: Readable.from([]), env: { SMARTLIC_TOKEN: token.reveal() }, cwd: dir }, [
        playbookCommands({
          runners: { licensing: { pollIntervalMs: 50 }, workflow: { pollIntervalMs: 50, cssmIntervalMs: 50 } },
          // `wait` intervals in the playbooks are 30 s; the emulated devices are done long before.
          run: { sleep: (ms, signal) => delay(Math.min(ms, 50), undefined, { signal }) },
        }),
      ]);
      const report = JSON.parse(readFileSync(join(dir, `report-${n}.json`), 'utf8')) as PlaybookReport;
      return { code, out, report };
    },
  };
}

interface Scenario {
  /** The lab devices the playbook runs on. */
  readonly hosts: readonly string[];
  readonly groups?: Record<string, string[]>;
  readonly prepare?: (b: Bench) => Promise<void>;
  /** Asserts the end state after the real run. */
  readonly verify: (t: Test, b: Bench, run: Run) => Promise<void> | void;
}

const SCENARIOS: Readonly<Record<string, Scenario>> = {
  'onboard.json': {
    hosts: ['cbr8-1', 'ncs560-1', 'ncs1004-1'],
    verify(t, b, run) {
      for (const host of ['cbr8-1', 'ncs560-1', 'ncs1004-1']) {
        const d = b.device(host);
        t.match(agent(d).snapshot().registration, { status: 'registered' }, `${host} registered`);
        t.ok(b.lab.cssm.findProductInstance({ sn: d.identity.serial }), `CSSM has ${host}`);
        t.match(task(run.report, host, 'onboard').result, { registration: 'registered', authorization: 'authorized' });
      }
    },
  },
  'onboard-cbr8-direct.json': {
    hosts: ['cbr8-2'],
    verify(t, b, run) {
      const d = b.device('cbr8-2');
      t.match(d.config.runningText(), /^ip name-server 198\.51\.100\.247$/m);
      t.ok(linesSent(d).includes('license smart register idtoken ***'), 'registered with the redacted token');
      t.match(task(run.report, 'cbr8-2', 'show call-home smart-licensing statistics (000:986-1005)').result, { kind: 'call-home-smart-licensing-statistics' });
      t.equal(agent(d).snapshot().registration.status, 'registered');
    },
  },
  'onboard-ncs560-proxy.json': {
    hosts: ['ncs560-2'],
    async prepare(b) {
      b.lab.cssm.requireProxy(b.lab.proxy ?? null);
    },
    verify(t, b) {
      const d = b.device('ncs560-2');
      t.match(d.config.runningText(), / http-proxy 198\.51\.100\.10 port 3128/);
      t.equal(agent(d).snapshot().registration.status, 'registered');
      t.ok((b.lab.proxy?.stats().connects ?? 0) > 0, 'the registration went through the proxy');
      t.ok(b.lab.cssm.stats().viaProxy > 0, 'CSSM saw it come through the proxy');
      b.lab.cssm.requireProxy(null);
    },
  },
  'onboard-on-prem-satellite.json': {
    hosts: ['ncs560-3'],
    verify(t, b) {
      const d = b.device('ncs560-3');
      t.match(d.config.runningText(), /destination address http https:\/\/satellite\.example\.net\/Transportgateway\/services\/DeviceRequestHandler/);
      t.match(d.config.runningText(), /^http client source-interface ipv4 MgmtEth0\/RP0\/CPU0\/0$/m);
      t.equal(agent(d).snapshot().registration.status, 'registered');
    },
  },
  'onboard-ncs1004-force.json': {
    hosts: ['ncs1004-2'],
    async prepare(b) {
      // A first registration without DNS fails on communication: the case register force is for (004:236).
      const a = agent(b.device('ncs1004-2'));
      a.register(b.lab.cssm.createToken({ description: 'first attempt' }).token);
      await a.idle();
    },
    verify(t, b, run) {
      const d = b.device('ncs1004-2');
      t.match(task(run.report, 'ncs1004-2', 'licensing state before').result, { registration: { status: 'registration-failed' } });
      t.ok(linesSent(d).includes('license smart register idtoken *** force'));
      t.equal(agent(d).snapshot().registration.status, 'registered');
    },
  },
  'renew.json': {
    hosts: ['cbr8-3', 'ncs1004-3'],
    async prepare(b) {
      await registerDirect(b.lab, b.device('cbr8-3'));
      await registerDirect(b.lab, b.device('ncs1004-3'));
    },
    verify(t, b, run) {
      for (const host of ['cbr8-3', 'ncs1004-3']) {
        t.equal(task(run.report, host, 'license smart renew auth').status, 'changed');
        t.ok(linesSent(b.device(host)).includes('license smart renew auth'), `${host}: renew auth sent`);
      }
      t.ok(linesSent(b.device('ncs1004-3')).includes('license smart renew id'));
    },
  },
  'rma-deregister.json': {
    hosts: ['ncs560-4', 'cbr8-4'],
    groups: { rma: ['ncs560-4'] },
    async prepare(b) {
      await registerDirect(b.lab, b.device('ncs560-4'));
      await registerDirect(b.lab, b.device('cbr8-4'));
    },
    verify(t, b, run) {
      const returned = b.device('ncs560-4');
      t.equal(agent(returned).snapshot().registration.status, 'unregistered');
      t.notOk(b.lab.cssm.findProductInstance({ sn: returned.identity.serial }), 'gone from CSSM');
      const evidence = join(b.dir, 'rma-evidence', 'ncs560-4.json');
      t.ok(existsSync(evidence));
      t.equal(statSync(evidence).mode & 0o777, 0o600);
      const bundle = JSON.parse(readFileSync(evidence, 'utf8')) as { evidence: { udi: { sn: string } } };
      t.equal(bundle.evidence.udi.sn, returned.identity.serial);
      t.equal(agent(b.device('cbr8-4')).snapshot().registration.status, 'registered', 'a host outside the rma group is untouched');
      t.same(run.report.hosts.map((h) => h.host), ['ncs560-4']);
    },
  },
  'sync-loss-reregister.json': {
    hosts: ['ncs1004-4'],
    async prepare(b) {
      const d = b.device('ncs1004-4');
      await registerDirect(b.lab, d);
      // 004:606-648: the product instance is removed in the CSSM portal; the next renewal fails.
      b.lab.cssm.removeProductInstance({ sn: d.identity.serial });
      agent(d).renew('auth');
      await agent(d).idle();
    },
    verify(t, b) {
      const d = b.device('ncs1004-4');
      const sent = linesSent(d).filter((l) => l.startsWith('license smart'));
      t.same(sent.slice(-3), ['license smart renew auth', 'license smart deregister', 'license smart register idtoken *** force']);
      t.equal(agent(d).snapshot().registration.status, 'registered');
      t.ok(b.lab.cssm.findProductInstance({ sn: d.identity.serial }), 'CSSM knows the device again');
      const created = b.lab.cssm.listTokens().filter((tok) => tok.description === 'sync-loss re-registration');
      t.equal(created.length, 1, 'one new token, created through the CSSM API by the run (not by --check)');
      t.match(created[0], { maxUses: 1, uses: 1 });
    },
  },
  'compliance-report.json': {
    hosts: ['cbr8-5', 'ncs1004-5'],
    async prepare(b) {
      await registerDirect(b.lab, b.device('cbr8-5'));
      await registerDirect(b.lab, b.device('ncs1004-5'));
    },
    verify(t, b, run) {
      t.equal(run.report.check, true, 'the playbook runs in check mode by itself');
      for (const host of ['cbr8-5', 'ncs1004-5']) {
        t.match(task(run.report, host, 'licensing state, UDI and usage').result, { compliance: { status: 'compliant' }, usage: Array, udi: { sn: b.device(host).identity.serial } });
        t.match(task(run.report, host, 'compliance evaluation').result, { polls: 1, renewals: 0 });
      }
    },
  },
  'register.json': {
    hosts: ['cbr8-6', 'ncs560-5'],
    async prepare(b) {
      configureDirect(b.device('cbr8-6'));
      configureDirect(b.device('ncs560-5'));
    },
    verify(t, b, run) {
      t.same(run.report.hosts.map((h) => h.batch), [1, 2], 'serial 25%: one host per batch');
      for (const host of ['cbr8-6', 'ncs560-5']) t.equal(agent(b.device(host)).snapshot().registration.status, 'registered');
    },
  },
  'compliance-check.json': {
    hosts: ['ncs1004-6'],
    async prepare(b) {
      await registerDirect(b.lab, b.device('ncs1004-6'));
    },
    verify(t, _b, run) {
      t.equal(task(run.report, 'ncs1004-6', 'registered, authorized, in compliance').status, 'ok');
      t.equal(task(run.report, 'ncs1004-6', 'IOS-XR platform summary').status, 'ok');
    },
  },
};

t.test('every playbook in playbooks/ runs against the emulated lab: --check changes nothing, the run reaches its end state', async (t) => {
  const b = await startBench(t);
  const files = readdirSync(PLAYBOOKS).filter((f) => f.endsWith('.json')).sort();
  t.same(files.filter((f) => SCENARIOS[f] === undefined), [], 'every playbook has a scenario here');
  for (const file of files) {
    const scenario = SCENARIOS[file];
    if (scenario === undefined) continue;
    await t.test(file, async (t) => {
      await scenario.prepare?.(b);
      const devices = scenario.hosts.map((h) => b.device(h));
      const marks = devices.map((d) => d.commandLog.lastSeq);

      const check = await b.run(file, scenario.hosts, { ...(scenario.groups === undefined ? {} : { groups: scenario.groups }), check: true });
      t.equal(check.code, 0, '--check exits 0', { output: check.out });
      t.equal(check.report.check, true);
      t.ok(check.report.hosts.every((h) => h.status === 'ok' || h.status === 'changed'), 'no host failed in check mode');
      devices.forEach((d, i) => t.same(changesSent(d, marks[i] ?? 0), [], `${d.name}: --check sent no configuration line and no license command`));

      const run = await b.run(file, scenario.hosts, scenario.groups === undefined ? {} : { groups: scenario.groups });
      t.equal(run.code, 0, 'the run exits 0', { output: run.out });
      if (process.env['SHOW_PLAYBOOK_OUTPUT'] === file) t.comment(`${check.out}\n${run.out}`);
      t.equal(run.report.summary.failed, 0);
      if (run.report.check) devices.forEach((d, i) => t.same(changesSent(d, marks[i] ?? 0), [], `${d.name}: a check-mode playbook sent no change`));
      const everything = `${run.out}${check.out}${JSON.stringify(run.report)}${JSON.stringify(check.report)}`;
      t.notOk(everything.includes(b.token.reveal()), 'the token appears nowhere');
      t.notOk(everything.includes(b.lab.cssm.clientSecret.reveal()), 'nor the CSSM client secret');
      await scenario.verify(t, b, run);
    });
  }
});
