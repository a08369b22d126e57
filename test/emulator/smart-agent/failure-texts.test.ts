/**
 * Every failure text the agent emits — the `Failure reason:` it prints and each syslog line — classifies with
 * `classifyFailure()` (src/licensing/failure.ts) to the code (and communication cause) of what went wrong, on
 * both platforms: a network failure by cause (the `detail` of the CallHomeOutcome is kept verbatim), sync loss,
 * and the refusals of impossible requests. Token failures are covered against the real CSSM emulator
 * (cssm-e2e.test.ts).
 */
import t from 'tap';
import { classifyFailure } from '../../../src/licensing/failure.js';
import type { CommFailureCause } from '../../../src/errors.js';
import { refusalTexts } from '../../../src/emulator/smart-agent/agent-texts.js';
import { TOKEN, startRig } from './helpers/agent-fixture.js';

/** Details worded the way a network would report each cause. */
const DETAILS: ReadonlyArray<[CommFailureCause, string]> = [
  ['dns', 'Failed to resolve host tools.cisco.com: no DNS server configured'],
  ['proxy', 'HTTP proxy 198.51.100.10:3128 refused the CONNECT request'],
  ['certificate', 'TLS handshake with tools.cisco.com failed: the server certificate is not trusted'],
  ['http', 'HTTP 503 Service Unavailable from tools.cisco.com'],
  ['unreachable', 'Connection refused by 203.0.113.10:443'],
  ['config', 'Call-home profile CiscoTAC-1 is inactive'],
];

for (const model of ['cBR-8', 'NCS-560'] as const) {
  for (const [cause, detail] of DETAILS) {
    t.test(`${model}: a ${cause} failure classifies as E_COMM_FAILED/${cause} in every text`, async (t) => {
      const rig = await startRig(t, model);
      rig.network.script = { kind: 'comm', cause, detail };
      rig.agent.register(TOKEN);
      await rig.agent.idle();
      t.equal(rig.agent.snapshot().registration.initialRegistration?.failureReason, detail, 'the detail is the failure reason, verbatim');
      rig.network.script = { kind: 'cssm' };
      await rig.timers.advanceAsync(24 * 3_600_000);
      t.equal(rig.agent.snapshot().registration.status, 'registered');
      rig.network.script = { kind: 'comm', cause, detail };
      rig.agent.renew('auth');
      rig.agent.renew('id');
      await rig.agent.idle();
      const s = rig.agent.snapshot();
      t.equal(s.authorization.lastCommunication?.failureReason, detail);
      t.equal(s.registration.lastRenewal?.failureReason, detail);
      await rig.agent.deregister();
      const texts = [
        ...rig.device.syslog
          .entries()
          .filter((e) => e.facility.endsWith('SMART_LIC') && /FAILED$/.test(e.mnemonic))
          .map((e) => [e.text, e.mnemonic] as const),
        [detail, undefined] as const,
      ];
      t.same(
        [...new Set(texts.map(([, m]) => m))].sort(),
        ['AGENT_DEREG_FAILED', 'AGENT_REG_FAILED', 'AUTH_RENEW_FAILED', 'COMM_FAILED', 'ID_CERT_RENEW_FAILED', undefined].sort(),
      );
      for (const [text, mnemonic] of texts) {
        const c = classifyFailure(text, mnemonic);
        t.same([c.code, c.commCause], ['E_COMM_FAILED', cause], `${mnemonic ?? 'failure reason'}: ${text}`);
      }
      t.same([s.lastFailure?.code], ['E_COMM_FAILED']);
    });
  }
}

t.test('sync loss and refusals classify as E_SYNC_LOST, E_ALREADY_REGISTERED, E_NOT_REGISTERED', async (t) => {
  for (const model of ['cBR-8', 'NCS-1004'] as const) {
    const rig = await startRig(t, model);
    rig.agent.register(TOKEN);
    await rig.agent.idle();
    rig.network.syncLost = true;
    rig.agent.renew('auth');
    rig.agent.renew('id');
    await rig.agent.idle();
    for (const mnemonic of ['AUTH_RENEW_FAILED', 'ID_CERT_RENEW_FAILED']) {
      const text = rig.device.syslog.entries().find((e) => e.mnemonic === mnemonic)?.text ?? '';
      t.match(text, /Data and signature do not match for udi PID:/);
      t.equal(classifyFailure(text, mnemonic).code, 'E_SYNC_LOST', `${model} ${mnemonic}`);
    }
    t.equal(rig.agent.snapshot().lastFailure?.code, 'E_SYNC_LOST');
    const again = rig.agent.register(TOKEN);
    t.equal(classifyFailure(again.message).code, 'E_ALREADY_REGISTERED');
  }
  t.equal(classifyFailure(refusalTexts['already-registered']).code, 'E_ALREADY_REGISTERED');
  t.equal(classifyFailure(refusalTexts['not-registered']).code, 'E_NOT_REGISTERED');
});
