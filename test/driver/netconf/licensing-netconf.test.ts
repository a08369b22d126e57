/**
 * The pure parts of the driver's NETCONF licensing: the RPCs it sends (checked with yanglint against yang/), the
 * state filter, the Smart Agent state read into the CLI parsers' report (from the emulator's rendering of every
 * agent state, and from hand-written replies in a real device's shapes), the verdict on an action's return code,
 * and the platform told from a hello.
 */
import t from 'tap';
import { platformFromCapabilities } from '../../../src/driver/netconf/connect-netconf.js';
import { judgeActionReply, readActionReply } from '../../../src/driver/netconf/action-reply.js';
import { buildLicensingRpc, licensingStateFilter, showLicensingRpc, type LicensingRpcRequest } from '../../../src/driver/netconf/licensing-rpc.js';
import { readLicensingStateXml } from '../../../src/driver/netconf/licensing-state-xml.js';
import { licensingStateOf } from '../../../src/driver/licensing-state.js';
import { observeLicensing } from '../../../src/driver/licensing-observation.js';
import { renderLicensingState } from '../../../src/emulator/smart-agent/netconf/netconf-licensing.js';
import { parseRpcReply } from '../../../src/netconf/reply.js';
import { renderRpc } from '../../../src/netconf/requests.js';
import { parseXmlFragment, renderXml } from '../../../src/netconf/xml.js';
import { SMART_LICENSE_ACTIONS, XE_SMART_LICENSE_NS, XR_SMART_LICENSE_ACT_NS, XR_SMART_LICENSE_OPER_NS } from '../../../src/platforms/smart-license-yang.js';
import { PLATFORM_IDS } from '../../../src/platforms/types.js';
import { Secret } from '../../../src/secret.js';
import { validateXml } from '../../helpers/yang.js';
import { AGENT_STATES, rigIn } from '../../emulator/smart-agent/helpers/agent-fixture.js';

const TOKEN = new Secret('ZHJpdmVyLW5ldGNvbmYtdG9rZW4tdGVzdA%3D%3D%0A');

t.test('every RPC the driver sends is valid against the modules, the token shown only as ***', async (t) => {
  for (const platform of PLATFORM_IDS) {
    for (const action of SMART_LICENSE_ACTIONS) {
      const requests: LicensingRpcRequest[] =
        action === 'register-id-token' ? [{ action, token: TOKEN }, { action, token: TOKEN, force: true }] : [{ action }];
      for (const request of requests) {
        const sent = renderRpc('101', buildLicensingRpc(platform, request));
        const valid = await validateXml(sent, 'rpc');
        t.ok(valid.valid, `${platform} ${action}${request.force ? ' force' : ''}: ${valid.messages.join('\n')}`);
        const shown = showLicensingRpc(platform, request);
        t.notMatch(shown, TOKEN.reveal());
        if (request.token !== undefined) t.match(shown, '<id-token>***</id-token>');
      }
    }
  }
  t.equal(
    renderXml(buildLicensingRpc('ios-xr', { action: 'register-id-token', token: TOKEN })),
    `<register-id-token xmlns="${XR_SMART_LICENSE_ACT_NS}"><id-token>${TOKEN.reveal()}</id-token></register-id-token>`,
    'force is left at its default unless asked',
  );
  t.throws(() => buildLicensingRpc('ios-xe', { action: 'register-id-token' }), { code: 'E_INVALID_ARGUMENT' });
  t.equal(renderXml(licensingStateFilter('ios-xe')), `<licensing xmlns="${XE_SMART_LICENSE_NS}"><state/></licensing>`);
  t.equal(renderXml(licensingStateFilter('ios-xr')), `<smart-agent xmlns="${XR_SMART_LICENSE_OPER_NS}"><licensing><state/></licensing></smart-agent>`);
});

t.test('the emulator state of every agent state reads as the CLI would show it', async (t) => {
  const expected: Record<string, [string, string]> = {
    evaluation: ['unregistered', 'evaluation'],
    'eval-expired': ['unregistered', 'evaluation-expired'],
    registering: ['registering', 'evaluation'],
    authorized: ['registered', 'authorized'],
    'out-of-compliance': ['registered', 'out-of-compliance'],
    'auth-expired': ['registered', 'authorization-expired'],
    'registration-failed': ['registration-failed', 'evaluation'],
    'registration-expired': ['unregistered', 'evaluation'],
    deregistered: ['unregistered', 'evaluation'],
  };
  for (const model of ['cBR-8', 'NCS-560'] as const) {
    for (const state of AGENT_STATES) {
      const { device, agent } = await rigIn(t, model, state);
      const xml = renderLicensingState(agent.snapshot(), { platform: device.platform, model: device.model, identity: device.identity });
      const report = readLicensingStateXml(parseXmlFragment(renderXml(xml)), device.platform, 'license-status');
      const s = report === undefined ? undefined : licensingStateOf(report);
      t.same([s?.registration, s?.authorization], expected[state], `${model} ${state}`);
      t.same(report?.unparsed, []);
      if (state === 'authorized') {
        const snap = agent.snapshot();
        t.equal(s?.registeredAt, new Date(snap.registration.initialRegistration?.at ?? 0).toISOString());
        t.equal(s?.registrationExpiresAt, new Date(snap.registration.expiresAt ?? 0).toISOString());
        t.equal(s?.communicationDeadline, new Date(snap.authorization.deadlineAt ?? 0).toISOString());
        t.equal(s?.lastCommunication?.result, 'succeeded');
        t.equal(s?.exportControl, 'allowed');
        t.same(report?.entitlements?.map((e) => [e.count, e.status]), snap.entitlements.map((e) => [e.count, 'authorized']));
        t.equal(report?.udi?.sn, device.identity.serial);
      }
      if (state === 'registration-failed') {
        t.same(s?.initialRegistration, { result: 'failed', at: '2026-03-01T00:00:00.000Z', failureReason: 'Failed to resolve host tools.cisco.com: no DNS server configured' });
        t.equal(report?.registration?.nextRegistrationAttempt?.iso, '2026-03-02T00:00:00.000Z');
      }
      if (state === 'auth-expired') t.same(s?.lastCommunication?.failureReason, 'Connection refused by tools.cisco.com:443');
    }
  }
});

t.test('hand-written replies in the devices\' shapes: device dates, pending authorization, unknown words kept raw', async (t) => {
  const xr = parseXmlFragment(`<smart-agent xmlns="${XR_SMART_LICENSE_OPER_NS}"><licensing><state><smart-enabled>yes</smart-enabled>
    <state-info><registration><registration-state>complete</registration-state><registration-complete>
      <complete-time>Jul 01 2020 07:14:24 UTC</complete-time><last-renew-time>Jul 02 2020 07:14:24 UTC</last-renew-time>
      <last-renew-success>false</last-renew-success><fail-message>Data and signature do not match for udi PID:NCS-55A1,SN:FOC1</fail-message>
      <smart-account>BU Production Test</smart-account></registration-complete><export-control-status>conditional</export-control-status></registration>
    <authorization><authorization-state>none</authorization-state></authorization>
    <usage><entitlement-tag>regid.x</entitlement-tag><count>2</count><enforce-mode>waiting</enforce-mode></usage>
    <transport><transport-type>clsu</transport-type></transport></state-info></state></licensing></smart-agent>`);
  const report = readLicensingStateXml(xr, 'ios-xr', 'license-status');
  const s = report === undefined ? undefined : licensingStateOf(report);
  t.equal(s?.registeredAt, '2020-07-01T07:14:24Z', 'the IOS-XR CLI date format');
  t.same(s?.lastRenewal, { result: 'failed', at: '2020-07-02T07:14:24Z', failureReason: 'Data and signature do not match for udi PID:NCS-55A1,SN:FOC1' });
  t.equal(s?.authorization, 'authorization-pending', 'none while registered with entitlements waiting');
  t.equal(s?.authorizationRaw, 'none');
  t.equal(s?.exportControl, 'unknown');
  t.equal(report?.transport?.type, 'cslu', "IOS-XR's clsu spelling");
  const obs = report === undefined ? undefined : observeLicensing(report);
  t.equal(obs?.lastRenewal?.raw, 'last-renew-success=false on Jul 02 2020 07:14:24 UTC', 'attempts compare by the device words');

  const xe = parseXmlFragment(`<licensing xmlns="${XE_SMART_LICENSE_NS}"><state><smart-enabled>true</smart-enabled><state-info>
    <registration><registration-state>reg-state-something-new</registration-state></registration>
    <authorization><authorization-state>auth-state-none</authorization-state></authorization></state-info></state></licensing>`);
  const r2 = readLicensingStateXml(xe, 'ios-xe', 'license-status');
  t.same([r2?.registration?.status, r2?.registration?.statusRaw], ['unknown', 'reg-state-something-new']);
  t.equal(r2?.authorization?.status, 'no-licenses-in-use');
  t.equal(readLicensingStateXml([], 'ios-xe', 'license-status'), undefined, 'no state in the reply');
  t.equal(readLicensingStateXml(xe, 'ios-xr', 'license-status'), undefined, "another platform's model is not read");
  const disabled = readLicensingStateXml(parseXmlFragment(`<licensing xmlns="${XE_SMART_LICENSE_NS}"><state><smart-enabled>false</smart-enabled></state></licensing>`), 'ios-xe', 'license-status');
  t.same(disabled?.smartLicensing, { status: 'disabled', statusRaw: 'false' });
  t.equal(disabled?.registration, undefined);
});

function reply(body: string): ReturnType<typeof parseRpcReply> {
  return parseRpcReply(`<rpc-reply xmlns="urn:ietf:params:xml:ns:netconf:base:1.0" message-id="1">${body}</rpc-reply>`);
}

t.test('return codes: accepted, and refusals classified to the CLI path codes', async (t) => {
  const xe = (code: string) => readActionReply('ios-xe', reply(`<return-code xmlns="${XE_SMART_LICENSE_NS}">${code}</return-code>`));
  const xr = (status: string, code: string) =>
    readActionReply('ios-xr', reply(`<response xmlns="${XR_SMART_LICENSE_ACT_NS}"><operation-status>${status}</operation-status><return-code>${code}</return-code></response>`));
  t.same(judgeActionReply('register-id-token', xe('registrationinprogress')), { kind: 'accepted' });
  t.same(judgeActionReply('renew-auth', xe('authrenewinprogress')), { kind: 'accepted' });
  t.same(judgeActionReply('de-register', readActionReply('ios-xe', reply('<ok/>'))), { kind: 'accepted' }, 'no output at all');
  t.same(judgeActionReply('register-id-token', xr('success', 'registrationinprogress')), { kind: 'accepted' });
  const cases: Array<[Parameters<typeof judgeActionReply>[0], string, string, string | undefined]> = [
    ['register-id-token', 'alreadyregistered', 'E_ALREADY_REGISTERED', undefined],
    ['renew-id', 'notregistered', 'E_NOT_REGISTERED', undefined],
    ['de-register', 'commsend', 'E_COMM_FAILED', undefined],
    ['register-id-token', 'callhomeserviceoff', 'E_COMM_FAILED', 'config'],
    ['renew-auth', 'certinvalid', 'E_COMM_FAILED', 'certificate'],
    ['register-id-token', 'BadInputParams', 'E_TOKEN_INVALID', undefined],
    ['renew-id', 'BadInputParams', 'E_REGISTRATION_FAILED', undefined],
    ['de-register', 'responsefailed', 'E_REGISTRATION_FAILED', undefined],
    ['register-id-token', 'notenabled', 'E_REGISTRATION_FAILED', undefined],
    ['renew-auth', 'registrationinprogress', 'E_REGISTRATION_FAILED', undefined],
  ];
  for (const [action, code, expected, commCause] of cases) {
    const v = judgeActionReply(action, xe(code));
    t.match(v, { kind: 'refused', failure: { code: expected, evidence: [`return-code: ${code}`] } }, `${action} ${code}`);
    if (v.kind === 'refused') t.equal(v.failure.commCause, commCause);
  }
  t.match(judgeActionReply('register-id-token', xr('failed', 'alreadyregistered')), { kind: 'refused', failure: { code: 'E_ALREADY_REGISTERED', evidence: ['operation-status: failed', 'return-code: alreadyregistered'] } });
  t.match(judgeActionReply('renew-id', xr('failed', 'success')), { kind: 'refused', failure: { code: 'E_REGISTRATION_FAILED' } }, 'operation-status failed wins over the code');
});

t.test('the platform from the modules a hello announces', async (t) => {
  t.equal(platformFromCapabilities(['urn:ietf:params:netconf:base:1.1', 'http://cisco.com/ns/yang/Cisco-IOS-XR-smart-license-act?module=Cisco-IOS-XR-smart-license-act&revision=2020-07-09']), 'ios-xr');
  t.equal(platformFromCapabilities(['http://cisco.com/ns/yang/cisco-smart-license?module=cisco-smart-license&revision=2021-03-01']), 'ios-xe');
  t.equal(platformFromCapabilities(['http://cisco.com/ns/yang/Cisco-IOS-XE-native?module=Cisco-IOS-XE-native&revision=2019-07-01']), 'ios-xe');
  t.equal(platformFromCapabilities(['urn:ietf:params:netconf:base:1.1', 'urn:ietf:params:netconf:capability:candidate:1.0']), null);
});
