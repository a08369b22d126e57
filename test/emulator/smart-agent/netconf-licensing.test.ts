/**
 * The Smart Agent over NETCONF (netconfLicensing()): the licensing state of both platforms' models rendered from
 * the agent in every state it can be in (each checked with yanglint), the action handlers and their return codes
 * and input errors (replies checked with yanglint), and over real SSH the same agent acting on NETCONF actions and
 * CLI commands alike, with the token in no log line, reply or error.
 */
import { Writable } from 'node:stream';
import t, { type Test } from 'tap';
import { NetconfRpcError } from '../../../src/errors.js';
import { startDevice } from '../../../src/emulator/device/device.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import { netconfExtension } from '../../../src/emulator/netconf/netconf-extension.js';
import type { RpcRegistration } from '../../../src/emulator/netconf/types.js';
import { smartAgentExtension } from '../../../src/emulator/smart-agent/extension.js';
import { smartAgentOf } from '../../../src/emulator/smart-agent/agent-registry.js';
import { netconfLicensing, renderLicensingState } from '../../../src/emulator/smart-agent/netconf/netconf-licensing.js';
import { createLogger } from '../../../src/log.js';
import { findChild, renderXml, selectPath, xmlElement, type XmlNode } from '../../../src/netconf/xml.js';
import { XE_SMART_LICENSE_NS, XR_SMART_LICENSE_ACT_NS, XR_SMART_LICENSE_OPER_NS } from '../../../src/platforms/smart-license-yang.js';
import { validateXml } from '../../helpers/yang.js';
import { openShell } from '../device/helpers/cli-client.js';
import { hostKeys } from '../netconf/helpers/binding.js';
import { connectNetconf } from '../netconf/helpers/netconf-client.js';
import { AGENT_STATES, rigIn, START, startRig, TOKEN, type AgentStateName } from './helpers/agent-fixture.js';
import { FakeNetwork } from './helpers/fake-network.js';

const XE = XE_SMART_LICENSE_NS;
const ACT = XR_SMART_LICENSE_ACT_NS;
const OPER = XR_SMART_LICENSE_OPER_NS;

function stateOf(device: EmulatedDevice): XmlNode {
  const agent = smartAgentOf(device);
  if (agent === undefined) throw new Error('no agent');
  return renderLicensingState(agent.snapshot(), { platform: device.platform, model: device.model, identity: device.identity });
}

function text(node: XmlNode, path: readonly string[]): string | undefined {
  return selectPath([node], path)[0]?.text;
}

/** registration-state and authorization-state per agent state: [IOS-XE, IOS-XR]. */
const EXPECTED: Readonly<Record<AgentStateName, { xe: [string, string]; xr: [string, string] }>> = {
  evaluation: { xe: ['reg-state-not-registered', 'auth-state-eval'], xr: ['not-registered', 'eval'] },
  'eval-expired': { xe: ['reg-state-not-registered', 'auth-state-eval-expired'], xr: ['not-registered', 'eval-expired'] },
  registering: { xe: ['reg-state-in-progress', 'auth-state-eval'], xr: ['in-progress', 'eval'] },
  authorized: { xe: ['reg-state-complete', 'auth-state-authorized'], xr: ['complete', 'authorized'] },
  'out-of-compliance': { xe: ['reg-state-complete', 'auth-state-out-of-compliance'], xr: ['complete', 'out-of-compliance'] },
  'auth-expired': { xe: ['reg-state-complete', 'auth-state-authorization-expired'], xr: ['complete', 'authorization-expired'] },
  'registration-failed': { xe: ['reg-state-retry', 'auth-state-eval'], xr: ['retry', 'eval'] },
  'registration-expired': { xe: ['reg-state-not-registered', 'auth-state-eval'], xr: ['not-registered', 'eval'] },
  deregistered: { xe: ['reg-state-not-registered', 'auth-state-eval'], xr: ['not-registered', 'eval'] },
};

t.test('the licensing state of every agent state is valid in both models', async (t) => {
  for (const [model, platform] of [
    ['cBR-8', 'xe'],
    ['NCS-1004', 'xr'],
  ] as const) {
    for (const state of AGENT_STATES) {
      const rig = await rigIn(t, model, state);
      const node = stateOf(rig.device);
      const xml = renderXml(node);
      const valid = await validateXml(xml, 'data');
      t.ok(valid.valid, `${model} ${state}: yanglint: ${valid.messages.join('\n')}`);
      const info = platform === 'xe' ? ['licensing', 'state', 'state-info'] : ['smart-agent', 'licensing', 'state', 'state-info'];
      t.same(
        [text(node, [...info, 'registration', 'registration-state']), text(node, [...info, 'authorization', 'authorization-state'])],
        EXPECTED[state][platform],
        `${model} ${state}`,
      );
      t.notMatch(xml, TOKEN, 'no token in the state');
    }
  }
});

t.test('IOS-XE state details: accounts, dates, failure reasons, entitlements, evaluation', async (t) => {
  const authorized = stateOf((await rigIn(t, 'cBR-8', 'authorized')).device);
  const info = ['licensing', 'state', 'state-info'];
  t.equal(text(authorized, [...info, 'registration', 'registration-complete', 'smart-account']), 'Forty-Two uLtd.');
  t.equal(text(authorized, [...info, 'registration', 'registration-complete', 'complete-time']), '2026-03-03T00:00:00.000Z');
  t.equal(text(authorized, [...info, 'registration', 'registration-complete', 'expire-time']), '2027-03-03T00:00:00.000Z');
  t.equal(text(authorized, [...info, 'registration', 'export-control-allowed']), 'true');
  t.equal(text(authorized, [...info, 'authorization', 'authorization-authorized', 'comm-deadline-time']), '2026-06-01T00:00:00.000Z');
  const usage = selectPath([authorized], [...info, 'usage']);
  t.same(
    usage.map((u) => [findChild(u, 'short-name')?.text, findChild(u, 'count')?.text, findChild(u, 'enforcement-mode')?.text]),
    [
      ['US_License', '1', 'enforcement-in-compliance'],
      ['DS_License', '4', 'enforcement-in-compliance'],
      ['WAN_License', '1', 'enforcement-in-compliance'],
    ],
  );
  t.equal(usage[0]?.children[0]?.name, 'entitlement-tag', 'the list key first');

  const failed = stateOf((await rigIn(t, 'cBR-8', 'registration-failed')).device);
  t.equal(text(failed, [...info, 'registration', 'registration-retry', 'fail-message']), 'Failed to resolve host tools.cisco.com: no DNS server configured');
  t.equal(text(failed, [...info, 'registration', 'registration-retry', 'retry-next-time']), '2026-03-02T00:00:00.000Z', 'retried 24 h later (004:236)');
  t.equal(text(failed, [...info, 'evaluation', 'eval-in-use']), 'true');

  const ooc = stateOf((await rigIn(t, 'cBR-8', 'out-of-compliance')).device);
  t.equal(text(ooc, [...info, 'authorization', 'authorization-out-of-compliance', 'ooc-time']), START.replace('Z', '.000Z'));
  t.same(
    selectPath([ooc], [...info, 'usage']).map((u) => [findChild(u, 'short-name')?.text, findChild(u, 'enforcement-mode')?.text])[0],
    ['US_License', 'enforcement-out-of-compliance'],
    'the entitlement with none purchased',
  );

  const expired = stateOf((await rigIn(t, 'cBR-8', 'auth-expired')).device);
  t.equal(text(expired, [...info, 'authorization', 'authorization-authorization-expired', 'last-comm-status-success']), 'false');
  t.equal(text(expired, [...info, 'authorization', 'authorization-authorization-expired', 'fail-message']), 'Connection refused by tools.cisco.com:443');
});

t.test('IOS-XR state: authorization-info one level down, yes/no flags, a keyless usage list', async (t) => {
  const node = stateOf((await rigIn(t, 'NCS-560', 'auth-expired')).device);
  const info = ['smart-agent', 'licensing', 'state', 'state-info'];
  t.equal(node.ns, OPER);
  t.equal(text(node, ['smart-agent', 'licensing', 'state', 'smart-enabled']), 'yes');
  t.equal(text(node, [...info, 'authorization', 'authorization-authorization-expired', 'authorization-info', 'fail-message']), 'Connection refused by tools.cisco.com:443');
  t.equal(text(node, [...info, 'registration', 'export-control-status']), 'allowed');
  t.ok(selectPath([node], [...info, 'usage', 'enforce-mode']).every((n) => n.text === 'authorization-expired'));
  const valid = await validateXml(renderXml(node), 'data');
  t.ok(valid.valid, valid.messages.join('\n'));
});

t.test('a registration CSSM refused (not retried) is reg-state-failed / failed with its failure leaves, in both models', async (t) => {
  for (const [model, info, word, retryWord] of [
    ['cBR-8', ['licensing', 'state', 'state-info'], 'reg-state-failed', 'reg-state-retry'],
    ['NCS-560', ['smart-agent', 'licensing', 'state', 'state-info'], 'failed', 'retry'],
  ] as const) {
    const rig = await startRig(t, model);
    rig.network.script = { kind: 'refuse', code: 'TOKEN_INVALID', message: 'The ID token is not valid.' };
    rig.agent.register(TOKEN);
    await rig.agent.idle();
    const node = stateOf(rig.device);
    const registration = [...info, 'registration'];
    t.equal(text(node, [...registration, 'registration-state']), word, `${model}: not ${retryWord}`);
    t.equal(selectPath([node], [...registration, 'registration-retry']).length, 0, `${model}: no registration-retry`);
    t.match(text(node, [...registration, 'registration-failed', 'fail-message']), /not valid/, `${model}: the refusal`);
    t.ok(text(node, [...registration, 'registration-failed', 'fail-time']), `${model}: fail-time`);
    const valid = await validateXml(renderXml(node), 'data');
    t.ok(valid.valid, `${model}: yanglint: ${valid.messages.join('\n')}`);
  }
});

function handler(device: EmulatedDevice, name: string): RpcRegistration['handler'] {
  const rpc = netconfLicensing()
    .rpcs(device)
    .find((r) => r.name === name);
  if (rpc === undefined) throw new Error(`no ${name}`);
  return rpc.handler;
}

async function call(device: EmulatedDevice, op: XmlNode): Promise<readonly XmlNode[]> {
  return (await handler(device, op.name)(op, { sessionId: 1, messageId: '1' })) ?? [];
}

async function rpcError(device: EmulatedDevice, op: XmlNode): Promise<{ tag: string; path: string | undefined; message: string | undefined }> {
  try {
    await call(device, op);
  } catch (error) {
    if (!(error instanceof NetconfRpcError)) throw error;
    const e = error.errors[0];
    return { tag: e?.tag ?? '', path: e?.path, message: e?.message };
  }
  throw new Error('expected an rpc-error');
}

function register(ns: string, token: string | undefined, force?: string): XmlNode {
  return xmlElement('register-id-token', ns, [
    ...(token === undefined ? [] : [xmlElement('id-token', ns, token)]),
    ...(force === undefined ? [] : [xmlElement('force', ns, force)]),
  ]);
}

async function validReply(t: Test, output: readonly XmlNode[], rpc: string, ns: string): Promise<void> {
  const valid = await validateXml(renderXml(output), 'reply', { rpc: { name: rpc, namespace: ns } });
  t.ok(valid.valid, `${rpc} reply passes yanglint: ${valid.messages.join('\n')}`);
}

t.test('IOS-XE actions: return codes from the agent, input checked as the module types it', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  const { device, agent, network } = rig;
  const code = (nodes: readonly XmlNode[]): string | undefined => (nodes[0]?.name === 'return-code' ? nodes[0].text : undefined);

  t.equal(code(await call(device, xmlElement('renew-auth', XE))), 'notregistered');
  t.equal(code(await call(device, xmlElement('de-register', XE))), 'notregistered');
  const accepted = await call(device, register(XE, TOKEN));
  t.equal(code(accepted), 'registrationinprogress', 'the answer the module names for an accepted registration');
  await validReply(t, accepted, 'register-id-token', XE);
  await agent.idle();
  t.equal(agent.snapshot().registration.status, 'registered');
  t.equal(code(await call(device, register(XE, TOKEN))), 'alreadyregistered');
  t.equal(code(await call(device, register(XE, TOKEN, 'false'))), 'alreadyregistered');
  for (const rpc of ['renew-id', 'renew-auth'] as const) {
    const out = await call(device, xmlElement(rpc, XE));
    t.equal(code(out), 'success', rpc);
    await validReply(t, out, rpc, XE);
  }
  await agent.idle();
  t.same(network.types().slice(-2), ['RENEW_ID', 'RENEW_AUTH'], 'the renewals went to CSSM');

  t.equal(code(await call(device, register(XE, 'has space inside the token'))), 'BadInputParams', 'a token the agent cannot take');
  t.equal(code(await call(device, register(XE, undefined))), 'BadInputParams', 'no token (the module does not make it mandatory)');
  t.same(await rpcError(device, register(XE, 'x'.repeat(256))), {
    tag: 'invalid-value',
    path: '/cisco-smart-license:register-id-token/id-token',
    message: '<id-token> must be 1..255 characters long, got 256',
  });
  t.same((await rpcError(device, register(XE, TOKEN, 'yes'))).tag, 'invalid-value', 'force is a boolean');
  t.same(await rpcError(device, xmlElement('renew-id', XE, [xmlElement('now', XE)])), {
    tag: 'unknown-element',
    path: '/cisco-smart-license:renew-id',
    message: '<renew-id> takes no input',
  });
  const dup = await rpcError(device, xmlElement('register-id-token', XE, [xmlElement('id-token', XE, TOKEN), xmlElement('id-token', XE, TOKEN)]));
  t.equal(dup.tag, 'bad-element');
  t.notMatch(JSON.stringify(dup), TOKEN);

  const forced = await call(device, register(XE, TOKEN, 'true'));
  t.equal(code(forced), 'registrationinprogress', 'force replaces the registration');
  await agent.idle();
  t.equal(agent.snapshot().registration.force, true);
  const out = await call(device, xmlElement('de-register', XE));
  t.equal(code(out), 'success', 'CSSM acknowledged; answered once done');
  t.equal(agent.snapshot().registration.status, 'unregistered');
  await validReply(t, out, 'de-register', XE);
});

t.test('IOS-XE de-register answers how CSSM took it: responsefailed after a sync loss, commsend when unreachable', async (t) => {
  const rig = await startRig(t, 'cBR-8');
  rig.agent.register(TOKEN);
  await rig.agent.idle();
  rig.network.syncLost = true;
  const code = async (): Promise<string | undefined> => (await call(rig.device, xmlElement('de-register', XE)))[0]?.text;
  t.equal(await code(), 'responsefailed');
  t.equal(rig.agent.snapshot().registration.status, 'unregistered', 'the local registration is gone anyway (004:654-684)');
  rig.network.syncLost = false;
  rig.network.instances.clear();
  rig.agent.register(TOKEN);
  await rig.agent.idle();
  rig.network.script = { kind: 'comm', cause: 'dns', detail: 'Failed to resolve host tools.cisco.com: no DNS server configured' };
  t.equal(await code(), 'commsend');
  rig.network.script = { kind: 'cssm' };
  rig.network.instances.clear();
  rig.agent.register(TOKEN);
  await rig.agent.idle();
  rig.network.script = { kind: 'comm', cause: 'config', detail: 'No active profile reports smart-licensing-data.' };
  t.equal(await code(), 'callhomeserviceoff');
});

t.test('while a registration runs every action answers msgexecinprogress', async (t) => {
  const { device, gated } = await rigIn(t, 'cBR-8', 'registering');
  for (const op of [register(XE, TOKEN, 'true'), xmlElement('renew-id', XE), xmlElement('renew-auth', XE), xmlElement('de-register', XE)]) {
    t.same((await call(device, op)).map((n) => n.text), ['msgexecinprogress'], op.name);
  }
  gated?.release();
});

t.test('IOS-XR actions answer <response> with operation-status and return-code', async (t) => {
  const { device, agent } = await startRig(t, 'NCS-1004');
  const response = (nodes: readonly XmlNode[]): [string | undefined, string | undefined] => {
    const r = nodes[0];
    t.equal(r?.name, 'response');
    t.equal(r?.ns, ACT);
    return [r === undefined ? undefined : findChild(r, 'operation-status')?.text, r === undefined ? undefined : findChild(r, 'return-code')?.text];
  };
  t.same(response(await call(device, xmlElement('renew-id', ACT))), ['failed', 'notregistered']);
  const accepted = await call(device, register(ACT, TOKEN, 'true'));
  t.same(response(accepted), ['success', 'registrationinprogress']);
  await validReply(t, accepted, 'register-id-token', ACT);
  await agent.idle();
  const refused = await call(device, register(ACT, TOKEN));
  t.same(response(refused), ['failed', 'alreadyregistered']);
  await validReply(t, refused, 'register-id-token', ACT);
  t.same(response(await call(device, xmlElement('renew-auth', ACT))), ['success', 'success']);
  const out = await call(device, xmlElement('de-register', ACT));
  t.same(response(out), ['success', 'success']);
  await validReply(t, out, 'de-register', ACT);
  t.same((await rpcError(device, register(ACT, ''))).path, '/Cisco-IOS-XR-smart-license-act:register-id-token/id-token', 'length 1..255');
  t.same((await rpcError(device, xmlElement('register-id-token', ACT, [xmlElement('id-token', XE, TOKEN)]))).tag, 'unknown-element', 'the IOS-XE namespace is not the act module');
});

t.test('a device without a Smart Agent answers notenabled and serves no licensing state', async (t) => {
  const device = await startDevice({ model: 'cBR-8' }, { hostKeys });
  t.teardown(() => device.close());
  t.same((await call(device, register(XE, TOKEN))).map((n) => n.text), ['notenabled']);
  t.same(await netconfLicensing().state(device)?.(), []);
});

t.test('over SSH: NETCONF and the CLI act on the same agent; the token is in no log, reply or error', async (t) => {
  const lines: string[] = [];
  const logger = createLogger({ level: 'trace', destination: new Writable({ write: (c, _e, cb) => (lines.push(String(c)), cb()) }) as never });
  const timers = new ManualTimers(START);
  const network = new FakeNetwork(timers);
  const extensions = [smartAgentExtension({ network }), netconfExtension({ ...netconfLicensing(), logger })];
  for (const [model, ns, stateNs] of [
    ['cBR-8', XE, XE],
    ['NCS-560', ACT, OPER],
  ] as const) {
    const device = await startDevice({ model }, { hostKeys, timers, extensions });
    t.teardown(() => device.close());
    const nc = await connectNetconf(device);
    t.teardown(() => nc.close());
    const request = register(ns, TOKEN, 'true');
    const sent = await validateXml(renderXml(xmlElement('rpc', 'urn:ietf:params:xml:ns:netconf:base:1.0', { attributes: [{ name: 'message-id', ns: '', value: '1' }], children: [request] })), 'rpc');
    t.ok(sent.valid, `${model}: the request passes yanglint: ${sent.messages.join('\n')}`);
    const reply = await nc.client.rpc(request);
    t.notMatch(renderXml(reply.body), TOKEN);
    await smartAgentOf(device)?.idle();

    const filter = stateNs === XE ? `<licensing xmlns="${XE}"><state/></licensing>` : `<smart-agent xmlns="${OPER}"><licensing><state/></licensing></smart-agent>`;
    const data = await nc.client.get({ filter });
    const root = stateNs === XE ? ['licensing', 'state', 'state-info', 'registration', 'registration-state'] : ['smart-agent', 'licensing', 'state', 'state-info', 'registration', 'registration-state'];
    t.same(selectPath(data, root, stateNs).map((n) => n.text), [stateNs === XE ? 'reg-state-complete' : 'complete'], `${model}: registered over NETCONF`);
    const valid = await validateXml(renderXml(data), 'data');
    t.ok(valid.valid, `${model}: <get> passes yanglint: ${valid.messages.join('\n')}`);

    const cli = await openShell(device.port);
    t.teardown(() => cli.close());
    await cli.cmd('terminal length 0');
    t.match(await cli.cmd('show license status'), /Status: REGISTERED/, `${model}: the CLI shows the registration NETCONF made`);
    await cli.cmd('license smart deregister');
    const after = await nc.client.get({ filter });
    t.same(selectPath(after, root, stateNs).map((n) => n.text), [stateNs === XE ? 'reg-state-not-registered' : 'not-registered'], `${model}: NETCONF shows the CLI's deregistration`);
    const refused = await nc.client.rpc(register(ns, 'bad token with spaces'));
    t.match(renderXml(refused.body), /BadInputParams/);
    const error = await nc.client.rpc(register(ns, `${TOKEN}${'x'.repeat(300)}`)).catch((e: unknown) => e);
    t.ok(error instanceof NetconfRpcError, 'an over-long token is an rpc-error');
    t.notMatch(JSON.stringify(error) + String(error), TOKEN);
  }
  t.ok(lines.length > 0, 'the NETCONF server logged');
  t.notMatch(lines.join(''), TOKEN, 'no token in the server logs');
});
