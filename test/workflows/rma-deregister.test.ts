import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { CssmError, DeviceCommandError, InvalidArgumentError, LicensingError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import { writeEvidenceBundle } from '../../src/workflows/evidence-bundle-file.js';
import type { DeviceResultEvent, StepEvent, WorkflowEvent } from '../../src/workflows/events.js';
import { runFleet$ } from '../../src/workflows/fleet-runner.js';
import type { LicensingDevice } from '../../src/workflows/ports.js';
import { rmaDeregister$, rmaDeregistration, type RmaSettings } from '../../src/workflows/rma-deregister.js';
import type { RmaEvidenceBundle } from '../../src/workflows/rma-evidence.js';
import { FakeFleet, fakeSpec, type FakeSpec } from './helpers/fake-fleet.js';
import { VirtualTime, type Collected } from './helpers/virtual-time.js';

const trail = (events: WorkflowEvent[]): string[] => events.filter((e) => e.type === 'step' && e.status !== 'progress').map((e) => `${e.step}:${e.status}`);
const stepOf = (events: WorkflowEvent[], step: string, status?: string): StepEvent | undefined =>
  events.find((e): e is StepEvent => e.type === 'step' && e.step === step && (status === undefined || e.status === status));
const resultOf = (events: WorkflowEvent[]): DeviceResultEvent | undefined => events.find((e): e is DeviceResultEvent => e.type === 'result');
const bundleOf = (events: WorkflowEvent[]): RmaEvidenceBundle => resultOf(events)?.outcome.value as unknown as RmaEvidenceBundle;

function bench(index = 2): { time: VirtualTime; fleet: FakeFleet; run(spec?: Partial<FakeSpec>, settings?: Partial<RmaSettings>, wrap?: (d: LicensingDevice) => LicensingDevice): Promise<Collected<WorkflowEvent> & { host: string }> } {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  return {
    time,
    fleet,
    async run(spec = {}, settings = {}, wrap = (d) => d) {
      const s = fakeSpec(index, { registered: true, ...spec });
      if (!fleet.devices.has(s.host)) fleet.add(s);
      const device = wrap(await fleet.open(s.host, {}));
      const result = await time.collect(rmaDeregister$(device, { cssm: fleet.cssm, ...settings, scheduler: time.scheduler, clock: time.clock }));
      await device.close();
      return { ...result, host: s.host };
    },
  };
}

function wrapDevice(d: LicensingDevice, overrides: Partial<LicensingDevice>): LicensingDevice {
  return {
    host: d.host,
    platform: d.platform,
    status: (o) => d.status(o),
    register: (tok, o) => d.register(tok, o),
    renewId: (o) => d.renewId(o),
    renewAuth: (o) => d.renewAuth(o),
    deregister: (o) => d.deregister(o),
    send: (c, o) => d.send(c, o),
    close: () => d.close(),
    ...overrides,
  };
}

t.test('RMA on NCS 1004 and cBR-8: evidence first, deregister, verified on the device and in CSSM, bundle', async (t) => {
  for (const index of [2, 0]) {
    const b = bench(index);
    const spec = fakeSpec(index, { registered: true });
    const state = b.fleet.add(spec);
    const run = await b.run();
    t.equal(run.error, undefined);
    t.same(trail(run.events), [
      'capture-evidence:started',
      'capture-evidence:succeeded',
      'deregister:started',
      'deregister:succeeded',
      'verify-device:started',
      'verify-device:succeeded',
      'verify-cssm:started',
      'verify-cssm:succeeded',
      'remove-cssm-instance:skipped',
      'evidence-bundle:started',
      'evidence-bundle:succeeded',
    ]);
    t.ok(state.calls.indexOf('deregister') > state.calls.lastIndexOf('send'), 'every evidence command ran before the deregistration');
    t.equal(state.registration, 'unregistered');
    t.notOk(b.fleet.cssm.instances.has(spec.sn));
    const bundle = bundleOf(run.events);
    t.same(stepOf(run.events, 'evidence-bundle', 'succeeded')?.data, { bundle });
    t.equal(bundle.format, 'smartlic.rma-evidence.v1');
    t.equal(bundle.device, spec.host);
    const e = bundle.evidence;
    t.same(e.udi, { pid: spec.pid, sn: spec.sn, raw: `PID:${spec.pid},SN:${spec.sn}` });
    t.same(e.pids, [spec.pid]);
    t.equal(e.platform, spec.platform);
    t.equal(e.model, spec.model);
    t.equal(e.registration, 'registered', 'captured before the deregistration');
    t.equal(e.authorization, 'authorized');
    t.equal(e.licensesInUse.length, 1);
    t.match(e.licensesInUse[0], { status: 'authorized' });
    t.match(e.status, { registration: { status: 'registered' } });
    t.ok(e.licensingConfig.includes('call-home'));
    t.ok(e.licensingConfig.some((l) => /license smart/.test(l)));
    t.same(
      e.commands.map((c) => c.command),
      index === 2
        ? ['show license udi', 'show license all', 'show running-config call-home', 'show running-config | include license', 'show logging | include SMART_LIC']
        : ['show license udi', 'show license all', 'show running-config | section call-home', 'show running-config | include license', 'show logging | include SMART_LIC'],
    );
    t.same(bundle.deregistration.result, 'deregistered');
    t.equal(bundle.deregistration.registration, 'unregistered');
    t.same(bundle.cssm, { virtualAccount: null, query: { sn: spec.sn, pid: spec.pid }, productInstance: 'absent', verifiedAt: bundle.generatedAt });
    t.equal(resultOf(run.events)?.outcome.changed, true);
  }
});

t.test('a known secret never appears in any event or in the bundle file', async (t) => {
  const b = bench();
  const secret = new Secret('SECRET-idtoken-4b1d-ZmFrZQ==');
  const spec = fakeSpec(2, { registered: true });
  const state = b.fleet.add(spec);
  state.syslog.push(`RP/0/RP0/CPU0:Mar 13 07:00:00.000 UTC: exec[65700]: %SECURITY-login-6-CMD : license smart register idtoken ${secret.reveal()}`);
  const run = await b.run();
  const bundle = bundleOf(run.events);
  t.ok(bundle.evidence.syslog.some((l) => l.includes('idtoken ***')), 'the line is kept, the token redacted');
  t.notOk(JSON.stringify(run.events).includes(secret.reveal()), 'not in the events');
  const dir = await mkdtemp(join(tmpdir(), 'smartlic-rma-'));
  try {
    const path = await writeEvidenceBundle(join(dir, 'cases', `${spec.host}.json`), bundle);
    const text = await readFile(path, 'utf8');
    t.notOk(text.includes(secret.reveal()), 'not in the file');
    t.same(JSON.parse(text), bundle);
    t.equal((await stat(path)).mode & 0o777, 0o600);
    await t.rejects(writeEvidenceBundle(join(dir, 'x.json'), { format: 'other' } as never), InvalidArgumentError);
    await t.rejects(writeEvidenceBundle('', bundle), InvalidArgumentError);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

t.test('an already unregistered device: deregistration skipped, CSSM still checked', async (t) => {
  const b = bench();
  const run = await b.run({ registered: false });
  t.same(trail(run.events).filter((x) => x.startsWith('deregister')), ['deregister:started', 'deregister:skipped']);
  t.equal(stepOf(run.events, 'deregister', 'skipped')?.detail, 'the device is already unregistered');
  t.equal(bundleOf(run.events).deregistration.result, 'already-unregistered');
  t.ok(b.fleet.cssm.apiCalls.some((c) => c.startsWith('find')));
  t.equal(resultOf(run.events)?.outcome.changed, false);
});

t.test('CSSM still lists the instance: refused after the bounded reads, or removed through the API when asked', async (t) => {
  const b = bench();
  const spec = fakeSpec(2, { registered: true });
  b.fleet.add(spec);
  b.fleet.cssm.sticky.add(spec.sn);
  const refused = await b.run({}, { cssmCheck: { polls: 3, intervalMs: 5000 } });
  const failed = stepOf(refused.events, 'verify-cssm', 'failed');
  t.match(failed?.detail, /CSSM still lists the product instance SN .* after 3 read\(s\)/);
  t.equal(refused.events.filter((e) => e.type === 'step' && e.step === 'verify-cssm' && e.status === 'progress').length, 2);
  t.equal(b.fleet.cssm.apiCalls.filter((c) => c.startsWith('find')).length, 3);
  t.equal(resultOf(refused.events), undefined);

  const removed = await b.run({}, { removeFromCssm: true, cssmCheck: { polls: 1 } });
  t.same(trail(removed.events).slice(-6), ['verify-cssm:started', 'verify-cssm:warning', 'remove-cssm-instance:started', 'remove-cssm-instance:succeeded', 'evidence-bundle:started', 'evidence-bundle:succeeded']);
  t.equal(stepOf(removed.events, 'remove-cssm-instance', 'succeeded')?.changed, true);
  t.equal(bundleOf(removed.events).cssm.productInstance, 'removed');
  t.notOk(b.fleet.cssm.instances.has(spec.sn));
});

t.test('serial number: from show license udi when the status lacks it; no serial at all refuses before deregistering', async (t) => {
  const b = bench();
  const noUdi = (d: LicensingDevice): LicensingDevice =>
    wrapDevice(d, {
      status: async (o) => {
        const s = await d.status(o);
        return { snapshot: s.snapshot };
      },
    });
  const fromShow = await b.run({}, {}, noUdi);
  t.equal(bundleOf(fromShow.events).evidence.udi.sn, fakeSpec(2).sn);

  const b2 = bench();
  const blind = await b2.run({}, {}, (d) =>
    wrapDevice(noUdi(d), {
      send: async (c, o) => {
        if (c === 'show license udi') throw new DeviceCommandError(c, "% Invalid input detected at '^' marker.", d.platform, { host: d.host, code: 'E_CLI_INVALID_INPUT' });
        return d.send(c, o);
      },
    }),
  );
  t.match(stepOf(blind.events, 'capture-evidence', 'failed')?.detail, /no serial number/);
  t.notOk(b2.fleet.device(blind.host).calls.includes('deregister'));
  t.equal(b2.fleet.device(blind.host).registration, 'registered');
});

t.test('a command the device refuses is recorded in the evidence; the capture goes on', async (t) => {
  const b = bench();
  const run = await b.run({}, {}, (d) =>
    wrapDevice(d, {
      send: async (c, o) => {
        if (c === 'show license all') throw new DeviceCommandError(c, "% Invalid input detected at '^' marker.", d.platform, { host: d.host, code: 'E_CLI_INVALID_INPUT' });
        return d.send(c, o);
      },
    }),
  );
  const refused = bundleOf(run.events).evidence.commands.find((c) => c.command === 'show license all');
  t.equal(refused?.output, '');
  t.match(refused?.error, /rejected "show license all"/);
  t.equal(resultOf(run.events)?.status, 'succeeded');
});

t.test('fleet: transient failures after the deregistration are retried and keep the first evidence', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const dropped = fleet.add(fakeSpec(2, { host: 'drops-after-dereg', registered: true }));
  // capture: status + 5 sends (6 ops), deregister step: status + deregister (8), verify-device status is op 9
  dropped.faults.dropAtOp = 9;
  fleet.add(fakeSpec(5, { host: 'cssm-503', registered: true }));
  let failures = 1;
  const cssm = {
    findProductInstance: async (q: Parameters<typeof fleet.cssm.findProductInstance>[0]) => {
      if (q.sn === fleet.device('cssm-503').spec.sn && failures-- > 0) throw new CssmError('GET', 'https://cssm.test/devices', 503, 'Service Unavailable');
      return fleet.cssm.findProductInstance(q);
    },
    removeProductInstance: (q: Parameters<typeof fleet.cssm.removeProductInstance>[0]) => fleet.cssm.removeProductInstance(q),
  };
  const run = await time.collect(runFleet$(fleet.hosts, rmaDeregistration({ cssm }), { open: fleet.open, random: () => 0, scheduler: time.scheduler, clock: time.clock }));
  const results = run.events.filter((e): e is DeviceResultEvent => e.type === 'result');
  t.same(
    Object.fromEntries(results.map((r) => [r.device, [r.status, r.outcome.attempts]])),
    { 'drops-after-dereg': ['succeeded', 2], 'cssm-503': ['succeeded', 2] },
  );
  for (const r of results) {
    const bundle = r.outcome.value as unknown as RmaEvidenceBundle;
    t.equal(bundle.evidence.registration, 'registered', `${r.device}: the evidence is from before the deregistration`);
    const captures = run.events.filter((e) => e.device === r.device && e.type === 'step' && e.step === 'capture-evidence');
    t.same(
      captures.map((e) => e.status),
      ['started', 'succeeded', ...Array.from({ length: r.outcome.attempts - 1 }, () => 'skipped')],
      `${r.device}: captured once, kept on retries`,
    );
  }
  t.equal(bundleFor(results, 'drops-after-dereg').deregistration.result, 'deregistered', 'the retry found the device deregistered by the first attempt');
  t.equal(results.find((r) => r.device === 'drops-after-dereg')?.outcome.changed, true);
  t.ok(fleet.sessions.every((s) => s.closeCalls === 1));

  const time2 = new VirtualTime();
  const fleet2 = new FakeFleet(time2);
  const unreachable = fleet2.add(fakeSpec(1, { host: 'cssm-unreachable', registered: true }));
  fleet2.cssm.unreachable = true;
  time2.scheduler.schedule(() => (fleet2.cssm.unreachable = false), 1500);
  const run2 = await time2.collect(runFleet$(fleet2.hosts, rmaDeregistration({ cssm: fleet2.cssm }), { open: fleet2.open, random: () => 0, scheduler: time2.scheduler, clock: time2.clock }));
  const r2 = run2.events.find((e): e is DeviceResultEvent => e.type === 'result');
  t.same([r2?.status, r2?.outcome.attempts], ['succeeded', 3], 'deregistration failed twice on E_COMM_FAILED (CSSM unreachable), then went through');
  t.same(
    run2.events.filter((e) => e.type === 'step' && e.step === 'deregister' && e.status === 'failed').map((e) => (e as StepEvent).error?.code),
    ['E_COMM_FAILED', 'E_COMM_FAILED'],
  );
  t.equal(unreachable.registration, 'unregistered');
});

t.test('the device drops its registration although CSSM was not reached (004:654-684): the retry reports it deregistered and changed', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const state = fleet.add(fakeSpec(2, { host: 'offline-dereg', registered: true }));
  let failOnce = true;
  const open: typeof fleet.open = async (host, options) => {
    const device = await fleet.open(host, options);
    return wrapDevice(device, {
      deregister: async (o) => {
        const after = await device.deregister(o);
        if (!failOnce) return after;
        failOnce = false;
        throw new LicensingError('E_COMM_FAILED', 'deregister', 'CSSM could not be reached', { host, commCause: 'unreachable' });
      },
    });
  };
  const run = await time.collect(runFleet$(['offline-dereg'], rmaDeregistration({ cssm: fleet.cssm, removeFromCssm: true }), { open, random: () => 0, scheduler: time.scheduler, clock: time.clock }));
  const result = resultOf(run.events);
  t.same([result?.status, result?.outcome.attempts, result?.outcome.changed], ['succeeded', 2, true]);
  t.equal(state.registration, 'unregistered');
  t.match(stepOf(run.events, 'deregister', 'succeeded')?.detail, /deregistered by an earlier attempt \(registration registered when the evidence was captured\)/);
  t.equal(bundleOf(run.events).deregistration.result, 'deregistered');
  t.equal(bundleOf(run.events).evidence.registration, 'registered');
});

function bundleFor(results: DeviceResultEvent[], host: string): RmaEvidenceBundle {
  return results.find((r) => r.device === host)?.outcome.value as unknown as RmaEvidenceBundle;
}

t.test('unsubscribing mid-run: the deregistration in flight is aborted, nothing else runs', async (t) => {
  const time = new VirtualTime();
  const fleet = new FakeFleet(time);
  const state = fleet.add(fakeSpec(2, { registered: true }));
  state.faults.hang.add('deregister');
  const device = await fleet.open(state.spec.host, {});
  const events: WorkflowEvent[] = [];
  const subscription = rmaDeregister$(device, { cssm: fleet.cssm, scheduler: time.scheduler, clock: time.clock }).subscribe((e) => events.push(e));
  await time.run(1000);
  t.equal(events[events.length - 1]?.step, 'deregister');
  subscription.unsubscribe();
  await time.run();
  t.equal(state.registration, 'registered');
  t.equal(fleet.cssm.apiCalls.length, 0, 'CSSM never asked');
  await device.close();
});

t.test('bad settings are refused', async (t) => {
  t.throws(() => rmaDeregistration({} as never), InvalidArgumentError);
  const cssm = new FakeFleet(new VirtualTime()).cssm;
  t.throws(() => rmaDeregistration({ cssm, syslogLines: 0 }), InvalidArgumentError);
  t.throws(() => rmaDeregistration({ cssm, cssmCheck: { polls: 0 } }), InvalidArgumentError);
  t.throws(() => rmaDeregistration({ cssm, cssmCheck: { intervalMs: -1 } }), InvalidArgumentError);
});

t.test('check mode: evidence and the CSSM lookup (reads) only; nothing changes and no bundle is built', async (t) => {
  const b = bench(2);
  const spec = fakeSpec(2, { registered: true });
  const state = b.fleet.add(spec);
  const run = await b.run({}, { check: true, removeFromCssm: true });
  t.equal(run.error, undefined);
  t.same(trail(run.events), [
    'capture-evidence:started',
    'capture-evidence:succeeded',
    'deregister:skipped',
    'verify-device:skipped',
    'verify-cssm:started',
    'verify-cssm:succeeded',
    'remove-cssm-instance:skipped',
    'evidence-bundle:skipped',
  ]);
  t.match(stepOf(run.events, 'deregister', 'skipped')?.detail, /^check mode: would send license smart deregister/);
  const result = resultOf(run.events)!;
  t.match(result.outcome, { changed: false, value: { check: true, wouldDeregister: true, registration: 'registered', cssm: { sn: spec.sn, listed: true } } });
  t.notOk(state.calls.includes('deregister'));
  t.equal(state.registration, 'registered');
  t.ok(b.fleet.cssm.instances.has(spec.sn), 'CSSM unchanged');

  const unregistered = bench(0);
  unregistered.fleet.add(fakeSpec(0, { registered: false }));
  const idle = await unregistered.run({ registered: false }, { check: true });
  t.match(resultOf(idle.events)?.outcome.value, { check: true, wouldDeregister: false });
  t.match(resultOf(idle.events)?.detail, /^check mode: already unregistered; CSSM does not list SN /);
});
