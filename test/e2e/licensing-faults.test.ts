/**
 * Registration and renewal under every CSSM and network fault, over the CLI and over NETCONF, on an IOS-XE and an
 * IOS-XR device of the lab: CSSM unreachable (connections reset, connections refused), HTTP 5xx, the device's name
 * servers not answering, CSSM presenting a certificate the device rejects (expired, another name, unknown CA),
 * CSSM slower than the operation's bound, a sync loss, and the connection to the device dropping right after the
 * device took the command. Each case asserts the classified error and the state the device and CSSM are left in —
 * a failed registration leaves no product instance behind and the device unregistered with the failure recorded;
 * a failed renewal leaves the registration and the authorization as they were; a deregistration CSSM never heard
 * of leaves the device unregistered and the product instance in CSSM (removed through the API, as after an RMA);
 * a dropped connection fails the call with `E_CLOSED` while the device finishes what it was told.
 */
import t from 'tap';
import { openDevice, type Device } from '../../src/driver/device.js';
import { isSmartlicError, type CommFailureCause, type ErrorCode } from '../../src/errors.js';
import type { RejectedCertificate } from '../../src/emulator/cssm/tls.js';
import type { TransportKind } from '../../src/inventory/types.js';
import { POLL, startE2eLab, XE_PREREQUISITES, XR_PREREQUISITES, type E2eLab } from './helpers/e2e-lab.js';

interface Fault {
  readonly name: string;
  readonly set: (e2e: E2eLab, device: string) => Promise<void> | void;
  readonly code: ErrorCode;
  readonly cause?: CommFailureCause;
  /** The operation's time bound, when the fault is about time. */
  readonly timeoutMs?: number;
}

const certificate = (kind: RejectedCertificate): Fault => ({
  name: `CSSM presents a ${kind} certificate`,
  set: (e2e) => e2e.lab.cssm.faults.certificate(kind),
  code: 'E_COMM_FAILED',
  cause: 'certificate',
});

const FAULTS: readonly Fault[] = [
  { name: 'CSSM unreachable (reset)', set: (e2e) => e2e.lab.cssm.faults.unreachable('reset', 'device'), code: 'E_COMM_FAILED', cause: 'unreachable' },
  { name: 'CSSM unreachable (refused)', set: (e2e) => e2e.lab.cssm.faults.unreachable('refuse'), code: 'E_COMM_FAILED', cause: 'unreachable' },
  { name: 'CSSM answers 503', set: (e2e) => e2e.lab.cssm.faults.failRate(1, 503, 'device'), code: 'E_COMM_FAILED', cause: 'http' },
  { name: 'DNS not answering', set: (e2e, device) => e2e.device(device).faults.set({ dnsNotAnswering: true }), code: 'E_COMM_FAILED', cause: 'dns' },
  certificate('expired'),
  certificate('wrong-name'),
  certificate('untrusted'),
  { name: 'CSSM slower than the bound', set: (e2e) => e2e.lab.cssm.faults.slow(1_500, 'device'), code: 'E_TIMEOUT', timeoutMs: 150 },
];

async function clear(e2e: E2eLab, device: string): Promise<void> {
  await e2e.lab.cssm.faults.clear();
  e2e.device(device).faults.clear();
  await e2e.agent(device).idle();
}

async function open(e2e: E2eLab, name: string, transport: TransportKind): Promise<Device> {
  const [host] = e2e.inventory.resolveHosts(name);
  if (host === undefined) throw new Error(`no host ${name}`);
  const device = await openDevice(host, { transport, licensing: POLL });
  return device;
}

const hasInstance = async (e2e: E2eLab, name: string): Promise<boolean> =>
  (await e2e.cssm.listProductInstances()).some((i) => i.udi.sn === e2e.device(name).identity.serial);

for (const transport of ['cli', 'netconf'] as const) {
  t.test(`register and renew under every fault over ${transport}: the classified error and the state left behind`, async (t) => {
    const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
    const cli = { 'cbr8-1': await e2e.open('cbr8-1'), 'ncs1004-1': await e2e.open('ncs1004-1') };
    await cli['cbr8-1'].session.sendConfig(XE_PREREQUISITES);
    await cli['ncs1004-1'].session.sendConfig(XR_PREREQUISITES);
    for (const name of ['cbr8-1', 'ncs1004-1'] as const) {
      const device = await open(e2e, name, transport);
      t.teardown(() => device.close());
      const token = (await e2e.cssm.createToken({ description: `faults ${transport}`, maxUses: 100 })).token;

      for (const fault of FAULTS) {
        await fault.set(e2e, name);
        const error = await device.register(token, fault.timeoutMs === undefined ? {} : { timeoutMs: fault.timeoutMs }).then(
          () => undefined,
          (e: unknown) => e,
        );
        const where = `${name} over ${transport}, register, ${fault.name}`;
        t.ok(isSmartlicError(error), `${where}: a typed error`);
        t.match(error, { code: fault.code, host: name, operation: 'register', ...(fault.cause === undefined ? {} : { commCause: fault.cause }) }, where);
        if (fault.code === 'E_TIMEOUT') {
          t.equal(e2e.agent(name).snapshot().registration.status, 'registering', `${where}: the device is still registering when the bound ends`);
          await clear(e2e, name);
          t.equal(e2e.agent(name).snapshot().registration.status, 'registered', `${where}: and registers once CSSM answers`);
          await device.deregister();
          continue;
        }
        const state = (await device.status()).state;
        t.match(state, { registration: 'registration-failed', authorization: 'evaluation' }, `${where}: unregistered, the failure recorded, still in evaluation`);
        await clear(e2e, name);
        t.notOk(await hasInstance(e2e, name), `${where}: no product instance in CSSM`);
      }

      const registered = await device.register(token);
      t.match(registered.state, { registration: 'registered', authorization: 'authorized' }, `${name} over ${transport}: registers once the faults are gone`);
      for (const fault of FAULTS) {
        await fault.set(e2e, name);
        const where = `${name} over ${transport}, renew auth, ${fault.name}`;
        const error = await device.renewAuth(fault.timeoutMs === undefined ? {} : { timeoutMs: fault.timeoutMs }).then(
          () => undefined,
          (e: unknown) => e,
        );
        t.match(error, { code: fault.code, host: name, operation: 'renew-auth', ...(fault.cause === undefined ? {} : { commCause: fault.cause }) }, where);
        await clear(e2e, name);
        t.match((await device.status()).state, { registration: 'registered', authorization: 'authorized' }, `${where}: still registered and authorized`);
        t.ok(await hasInstance(e2e, name), `${where}: the product instance is still in CSSM`);
      }

      for (const fault of FAULTS) {
        await fault.set(e2e, name);
        const where = `${name} over ${transport}, deregister, ${fault.name}`;
        if (fault.code === 'E_TIMEOUT') {
          // The device answers `license smart deregister` (and the de-register action) once CSSM has: the operation's
          // bound is the wait that follows, so a slow CSSM makes the call slower, not a failure.
          const result = await device.deregister({ timeoutMs: fault.timeoutMs ?? 0 });
          t.match(result.state, { registration: 'unregistered' }, `${where}: deregistered once CSSM answered`);
          await clear(e2e, name);
          t.notOk(await hasInstance(e2e, name), `${where}: the product instance is gone from CSSM`);
        } else {
          const error = await device.deregister().then(
            () => undefined,
            (e: unknown) => e,
          );
          if (transport === 'cli') {
            t.match(error, { code: fault.code, host: name, operation: 'deregister', ...(fault.cause === undefined ? {} : { commCause: fault.cause }) }, where);
          } else {
            // The de-register action says only `commsend` whatever broke, and the device keeps no failure leaf once
            // it dropped its registration: over NETCONF the cause is unknown (treated as transient).
            t.match(error, { code: fault.code, host: name, operation: 'deregister', message: /return-code commsend/ }, where);
            t.equal((error as { commCause?: unknown }).commCause, undefined, `${where}: no cause claimed`);
          }
          await clear(e2e, name);
          t.match((await device.status()).state, { registration: 'unregistered', authorization: 'evaluation' }, `${where}: the device dropped its registration anyway`);
          t.ok(await hasInstance(e2e, name), `${where}: CSSM never heard of it: the product instance is still there`);
          t.match(await e2e.cssm.removeProductInstance({ sn: e2e.device(name).identity.serial }), { removed: true }, `${where}: removed through the CSSM API`);
        }
        t.match((await device.register(token)).state, { registration: 'registered', authorization: 'authorized' }, `${where}: registers again`);
      }

      e2e.lab.cssm.faults.syncLoss({ pid: e2e.device(name).identity.pid, sn: e2e.device(name).identity.serial });
      const lost = await device.renewAuth().catch((e: unknown) => e);
      t.match(lost, { code: 'E_SYNC_LOST', operation: 'renew-auth', host: name }, `${name} over ${transport}: sync loss`);
      t.match((await device.status()).state, { registration: 'registered' }, `${name} over ${transport}: a sync loss leaves the device registered (the forced re-registration fixes it)`);
      await clear(e2e, name);
      await device.deregister({ tolerateSyncLoss: true });
      t.match((await device.status()).state, { registration: 'unregistered' });
    }
  });
}

/**
 * Drops the device's connection at the first request after the Smart Agent took `operation` (the CLI line or the
 * NETCONF action reached it): the driver's next look at the device finds the connection gone.
 */
function dropAfterAgentTakes(e2e: E2eLab, name: string, operation: 'register' | 'renew' | 'deregister'): void {
  const agent = e2e.agent(name) as unknown as Record<typeof operation, (...args: unknown[]) => unknown>;
  const faults = e2e.device(name).faults;
  const original = agent[operation];
  agent[operation] = (...args: unknown[]) => {
    agent[operation] = original;
    const taken = original.apply(agent, args);
    faults.set({ dropAfterCommands: 0 });
    return taken;
  };
}

for (const transport of ['cli', 'netconf'] as const) {
  t.test(`a connection dropped right after the device took the command, over ${transport}: E_CLOSED, and the device finishes the work`, async (t) => {
    const e2e = await startE2eLab(t, { devices: 2, platform: 'mixed', models: ['cBR-8', 'NCS-1004'] });
    await (await e2e.open('cbr8-1')).session.sendConfig(XE_PREREQUISITES);
    await (await e2e.open('ncs1004-1')).session.sendConfig(XR_PREREQUISITES);
    for (const name of ['cbr8-1', 'ncs1004-1'] as const) {
      const token = (await e2e.cssm.createToken({ description: `drops ${transport}`, maxUses: 10 })).token;
      const where = `${name} over ${transport}`;
      const run = async <T>(operation: 'register' | 'renew' | 'deregister', call: (d: Device) => Promise<T>): Promise<unknown> => {
        const device = await open(e2e, name, transport);
        t.teardown(() => device.close());
        dropAfterAgentTakes(e2e, name, operation);
        const error = await call(device).then(
          () => undefined,
          (e: unknown) => e,
        );
        await e2e.agent(name).idle();
        return error;
      };

      t.match(await run('register', (d) => d.register(token)), { code: 'E_CLOSED' }, `${where}: register fails with the connection`);
      t.equal(e2e.agent(name).snapshot().registration.status, 'registered', `${where}: the device registered all the same`);
      t.ok(await hasInstance(e2e, name), `${where}: and CSSM has the product instance`);

      t.match(await run('renew', (d) => d.renewAuth()), { code: 'E_CLOSED' }, `${where}: renew auth fails with the connection`);
      const reader = await open(e2e, name, transport);
      t.teardown(() => reader.close());
      t.match((await reader.status()).state, { registration: 'registered', authorization: 'authorized' }, `${where}: a new session reads the renewal's outcome`);

      t.match(await run('deregister', (d) => d.deregister()), { code: 'E_CLOSED' }, `${where}: deregister fails with the connection`);
      t.match((await reader.status()).state, { registration: 'unregistered' }, `${where}: the device deregistered all the same`);
      t.notOk(await hasInstance(e2e, name), `${where}: and CSSM dropped the product instance`);
    }
  });
}
