/**
 * End to end with a real CSSM emulator (`startCssm()`, HTTP on loopback) and a minimal network that POSTs the
 * device messages to it: registration with real tokens and what CSSM then holds, out of compliance from the
 * virtual account's counts, virtual-time renewals, sync loss after the instance is removed in the portal, and
 * the token failures as CSSM words them — each failure text classifying to its code with `classifyFailure()`.
 */
import t, { type Test } from 'tap';
import { DAY } from '../../../src/clock.js';
import { classifyFailure } from '../../../src/licensing/failure.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { entitlementKey, startCssm, type CssmEmulator } from '../../../src/emulator/cssm/index.js';
import { startDevice } from '../../../src/emulator/device/device.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import { smartAgentExtension } from '../../../src/emulator/smart-agent/extension.js';
import { smartAgentOf } from '../../../src/emulator/smart-agent/agent-registry.js';
import type { SmartAgent } from '../../../src/emulator/smart-agent/smart-agent.js';
import { START } from './helpers/agent-fixture.js';
import { HttpNetwork } from './helpers/http-network.js';

interface Lab {
  readonly cssm: CssmEmulator;
  readonly timers: ManualTimers;
  start(model: DeviceModel, serial?: string): Promise<{ device: EmulatedDevice; agent: SmartAgent }>;
}

async function lab(t: Test): Promise<Lab> {
  const timers = new ManualTimers(START);
  const cssm = await startCssm({ https: false, clock: timers.clock, clientSecret: 'e2e-client-secret-0123' });
  t.teardown(() => cssm.close());
  const extension = smartAgentExtension({ network: new HttpNetwork(cssm.url) });
  return {
    cssm,
    timers,
    start: async (model, serial) => {
      const device = await startDevice({ model, ...(serial === undefined ? {} : { serial }) }, { timers, extensions: [extension] });
      t.teardown(() => device.close());
      const agent = smartAgentOf(device);
      if (agent === undefined) throw new Error('no agent');
      return { device, agent };
    },
  };
}

function agentLog(device: EmulatedDevice, mnemonic: string): string | undefined {
  return device.syslog.entries().find((e) => e.mnemonic === mnemonic)?.text;
}

t.test('three models register with a real token; CSSM holds their usage; renewals run in virtual time', async (t) => {
  const { cssm, timers, start } = await lab(t);
  const token = cssm.createToken({ description: 'e2e', virtualAccount: 'Default' }).token.reveal();
  const devices = await Promise.all((['cBR-8', 'NCS-560', 'NCS-1004'] as const).map((m) => start(m)));
  for (const { agent } of devices) t.equal(agent.register(token).accepted, true);
  await Promise.all(devices.map(({ agent }) => agent.idle()));
  for (const { device, agent } of devices) {
    const s = agent.snapshot();
    t.equal(s.registration.status, 'registered', device.model);
    t.equal(s.registration.smartAccount, cssm.smartAccountName);
    t.equal(s.registration.virtualAccount, 'Default');
    t.equal(s.authorization.status, 'authorized');
    const instance = cssm.findProductInstance({ sn: device.identity.serial });
    t.equal(instance?.idCertSerial, s.registration.idCertificate?.serial);
    t.equal(instance?.hostname, device.hostname);
    t.same(
      instance?.usage.map((u) => u.count),
      s.entitlements.map((e) => e.count),
      `${device.model}: CSSM holds the usage the agent reported`,
    );
    t.equal(s.registration.expiresAt, Date.parse(instance?.idCertExpiresAt ?? ''));
  }
  const ncs1004 = cssm.findProductInstance({ sn: devices[2]!.device.identity.serial });
  t.same(ncs1004?.usage.map((u) => [entitlementKey(u.tag), u.count]).sort(), [
    ['S-NCS1K4-LIC-100G=', 18],
    ['S-NCS1K4-LIC-100X=', 2],
    ['S_NCS1K4_LONGHAUL', 2],
    ['S_NCS1K4_SUBSEA', 3],
  ]);

  const before = cssm.findProductInstance({ sn: devices[0]!.device.identity.serial })?.lastContactAt;
  await timers.advanceAsync(31 * DAY);
  const after = cssm.findProductInstance({ sn: devices[0]!.device.identity.serial })?.lastContactAt;
  t.not(after, before, 'the 30-day renewal reached CSSM');
  t.equal(Date.parse(after ?? ''), Date.parse(START) + 30 * DAY);
  t.equal(devices[0]!.agent.snapshot().authorization.lastCommunication?.at, Date.parse(START) + 30 * DAY);
});

t.test('OUT OF COMPLIANCE from the virtual account, back to AUTHORIZED after buying', async (t) => {
  const { cssm, start } = await lab(t);
  const token = cssm.createToken({ virtualAccount: 'auto-test-1' }).token.reveal();
  cssm.setLicense({ tag: 'DS_License', quantity: 2, virtualAccount: 'auto-test-1' });
  const { agent } = await start('cBR-8');
  agent.register(token);
  await agent.idle();
  let s = agent.snapshot();
  t.equal(s.registration.virtualAccount, 'auto-test-1');
  t.equal(s.authorization.status, 'out-of-compliance');
  t.same(
    s.entitlements.map((e) => [e.shortTag, e.count, e.status]),
    [
      ['US_License', 1, 'authorized'],
      ['DS_License', 4, 'out-of-compliance'],
      ['WAN_License', 1, 'authorized'],
    ],
  );
  t.equal(s.authorization.nextCommunicationAt, Date.parse(START) + 12 * 3_600_000);
  cssm.setLicense({ tag: 'DS_License', quantity: 1024, virtualAccount: 'auto-test-1' });
  agent.renew('auth');
  await agent.idle();
  s = agent.snapshot();
  t.equal(s.authorization.status, 'authorized');
});

t.test('sync loss (004:597-684) against the CSSM emulator, then recovery with a new token and force', async (t) => {
  const { cssm, start } = await lab(t);
  const token = cssm.createToken().token;
  const { device, agent } = await start('NCS-1004');
  agent.register(token);
  await agent.idle();
  t.equal(cssm.removeProductInstance({ sn: device.identity.serial }), true, 'removed in the portal');
  agent.renew('auth');
  await agent.idle();
  const udi = `PID:${device.identity.pid},SN:${device.identity.serial}`;
  const text = agentLog(device, 'AUTH_RENEW_FAILED');
  t.equal(text, `Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi ${udi}`);
  t.equal(classifyFailure(text ?? '', 'AUTH_RENEW_FAILED').code, 'E_SYNC_LOST');
  const result = await agent.deregister();
  t.equal(result.accepted && result.acknowledged, false);
  t.match(agentLog(device, 'AGENT_DEREG_FAILED') ?? '', /failed: Agent received a failure status in a response message\. Please check the Agent log file for the detailed message\.$/);
  t.equal(agent.snapshot().registration.status, 'unregistered');
  agent.register(cssm.createToken().token, { force: true });
  await agent.idle();
  t.equal(agent.snapshot().registration.status, 'registered');
  t.ok(cssm.findProductInstance({ sn: device.identity.serial }));
  t.same(cssm.stats().deviceReplies, { SUCCESS: 2, SYNC_LOST: 2 });
});

t.test('token failures as CSSM words them classify to their codes; none is retried', async (t) => {
  const { cssm, timers, start } = await lab(t);
  const expiring = cssm.createToken({ expiresAfterDays: 1 }).token.reveal();
  const once = cssm.createToken({ maxUses: 1 }).token.reveal();
  const revoked = cssm.createToken().token.reveal();
  cssm.revokeToken(revoked);
  const first = await start('NCS-560');
  first.agent.register(once);
  await first.agent.idle();
  t.equal(first.agent.snapshot().registration.status, 'registered');
  await timers.advanceAsync(2 * DAY);

  const cases: Array<[string, string, string]> = [
    ['invalid', 'not-a-token-at-all', 'E_TOKEN_INVALID'],
    ['expired', expiring, 'E_TOKEN_EXPIRED'],
    ['used up', once, 'E_TOKEN_USED_UP'],
    ['revoked', revoked, 'E_TOKEN_REVOKED'],
  ];
  for (const [name, token, code] of cases) {
    const { device, agent } = await start('NCS-560');
    agent.register(token);
    await agent.idle();
    const s = agent.snapshot();
    t.equal(s.registration.status, 'registration-failed', name);
    const reason = s.registration.initialRegistration?.failureReason ?? '';
    t.match(reason, /^Error received from Smart Software Manager: /, `${name}: CSSM's message is quoted`);
    t.equal(classifyFailure(reason).code, code, `${name}: failure reason → ${code}`);
    const syslog = agentLog(device, 'AGENT_REG_FAILED') ?? '';
    t.equal(classifyFailure(syslog, 'AGENT_REG_FAILED').code, code, `${name}: syslog → ${code}`);
    t.equal(s.lastFailure?.code, code);
    t.equal(s.registration.nextRegistrationAttemptAt, undefined, `${name}: not retried`);
  }

  // CSSM already knows the UDI (a second device with the same serial registers without force).
  const twin = await start('NCS-560', first.device.identity.serial);
  twin.agent.register(cssm.createToken().token);
  await twin.agent.idle();
  const reason = twin.agent.snapshot().registration.initialRegistration?.failureReason ?? '';
  t.match(reason, /is already registered in virtual account/);
  t.equal(classifyFailure(reason).code, 'E_ALREADY_REGISTERED');
  t.equal(classifyFailure(agentLog(twin.device, 'AGENT_REG_FAILED') ?? '', 'AGENT_REG_FAILED').code, 'E_ALREADY_REGISTERED');
});

t.test('an unreachable CSSM: COMM_FAILED + AGENT_REG_FAILED, retried after 24 h, succeeds once CSSM is back', async (t) => {
  const timers = new ManualTimers(START);
  const cssm = await startCssm({ https: false, clock: timers.clock, clientSecret: 'e2e-client-secret-0123' });
  t.teardown(() => cssm.close());
  const network = new HttpNetwork('http://127.0.0.1:1');
  const device = await startDevice({ model: 'cBR-8' }, { timers, extensions: [smartAgentExtension({ network })] });
  t.teardown(() => device.close());
  const agent = smartAgentOf(device)!;
  agent.register(cssm.createToken().token);
  await agent.idle();
  t.equal(agent.snapshot().registration.status, 'registration-failed');
  t.equal(classifyFailure(agentLog(device, 'COMM_FAILED') ?? '', 'COMM_FAILED').commCause, 'unreachable');
  network.base = cssm.url;
  await timers.advanceAsync(DAY);
  t.equal(agent.snapshot().registration.status, 'registered', 'the 24 h retry registered the device');
});
