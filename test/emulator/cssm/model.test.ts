import t from 'tap';
import { DAY, ManualClock } from '../../../src/clock.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { isDevicePath, parseDeviceMessage, startCssm } from '../../../src/emulator/cssm/index.js';
import { entitlementKey, udiText } from '../../../src/emulator/cssm/model.js';
import { DEFAULT_SMART_ACCOUNTS, ENTITLEMENTS, LAB_POOL, LAB_USE_PER_DEVICE, findEntitlement, labSmartAccounts } from '../../../src/emulator/cssm/seed.js';
import { CssmStore, initialState } from '../../../src/emulator/cssm/store.js';

t.test('entitlementKey: full regid tags and short tags meet', async (t) => {
  const table: Array<[string, string]> = [
    ['regid.2014-11.com.cisco.US_License,1.0_a3f32909-2c71-426c-b3e0-eeefc946f9b3', 'US_License'],
    ['regid.2018-05.com.cisco.S-NCS1K4-LIC-100G=,1.0_03df009f-5ac5-48da-af50-4279ddea5e24', 'S-NCS1K4-LIC-100G='],
    ['ESS-AC-100G-RTU-1', 'ESS-AC-100G-RTU-1'],
    ['  S_NCS1K4_SUBSEA ', 'S_NCS1K4_SUBSEA'],
    ['regid.broken', 'regid.broken'],
  ];
  for (const [tag, key] of table) t.equal(entitlementKey(tag), key, tag);
  t.equal(udiText({ pid: '8812', sn: 'FOX2202WIVM' }), 'PID:8812,SN:FOX2202WIVM');
});

t.test('the seed catalogue holds every entitlement the brief and seeds name', async (t) => {
  const keys = ENTITLEMENTS.map((e) => entitlementKey(e.tag));
  for (const k of [
    'US_License',
    'DS_License',
    'WAN_License',
    'LCHA_License',
    'D31_DS_License',
    'ESS-AC-100G-RTU-1',
    'ADV-AC-100G-RTU-1',
    'ESS-AC-10G-RTU-1',
    'ADV-AC-10G-RTU-1',
    'N560-4-SYS-TRK',
    'N560-4-SYS-E-TRK',
    'N560-4-SYS-CC-TRK',
    'N560-4-SYSE-CC-TRK',
    'N560-IMA2C-TRK',
    'A900-IMA8Z-TRK',
    'A900-IMA8CS1ZM-TRK',
    'S-NCS1K4-LIC-100G=',
    'S-NCS1K4-LIC-100X=',
    'S-NCS1K4-100G-CL=',
    'S_NCS1K4_LONGHAUL',
    'S_NCS1K4_SUBSEA',
  ]) {
    t.ok(keys.includes(k), k);
  }
  t.equal(new Set(keys).size, keys.length, 'no duplicates');
  t.equal(findEntitlement('S_NCS1K4_SUBSEA')?.description, 'NCS1K4 - Subsea - 1.2T Line Card');
  t.equal(findEntitlement('US_License')?.tag, 'regid.2014-11.com.cisco.US_License,1.0_a3f32909-2c71-426c-b3e0-eeefc946f9b3');
  t.equal(findEntitlement('NOPE'), undefined);
  const state = initialState(DEFAULT_SMART_ACCOUNTS);
  const def = state.smartAccounts[0]?.virtualAccounts.find((v) => v.isDefault);
  t.equal(def?.name, 'Default');
  t.equal(def?.licenses.length, ENTITLEMENTS.length);
  t.equal(state.smartAccounts[0]?.virtualAccounts.find((v) => v.name === 'auto-test-1')?.licenses[0]?.tag, ENTITLEMENTS[0]?.tag, 'short seed tags take the catalogue tag');
});

t.test('seed validation', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [[], /at least one smart account/],
    [[{ name: 'A', domain: 'a', virtualAccounts: [] }], /has no virtual account/],
    [
      [
        { name: 'A', domain: 'a.example', virtualAccounts: [{ name: 'V' }] },
        { name: 'B', domain: 'A.EXAMPLE', virtualAccounts: [{ name: 'V' }] },
      ],
      /duplicate smart account domain/,
    ],
    [[{ name: 'A', domain: 'a', virtualAccounts: [{ name: 'V' }, { name: 'V' }] }], /duplicate virtual account "V"/],
    [[{ name: 'A', domain: 'a', virtualAccounts: [{ name: 'V', licenses: [{ tag: 'X', quantity: -1 }] }] }], /quantity of "X" must be a non-negative integer/],
    [[{ name: 'A', domain: 'a', virtualAccounts: [{ name: 'V', licenses: [{ tag: ' ', quantity: 1 }] }] }], /tag is empty/],
  ];
  for (const [seeds, message] of cases) {
    t.throws(() => initialState(seeds as never), { name: 'InvalidArgumentError', message }, String(message));
  }
  await t.rejects(startCssm({ https: false, virtualAccount: 'Nope' }), { code: 'E_INVALID_ARGUMENT', message: /no virtual account "Nope"/ });
  await t.rejects(startCssm({ https: false, smartAccount: 'nope.example' }), { code: 'E_INVALID_ARGUMENT' });
});

t.test('token lifecycle rules in the store, on a manual clock', async (t) => {
  const clock = new ManualClock('2026-01-01T00:00:00Z');
  let changes = 0;
  const store = new CssmStore(initialState(DEFAULT_SMART_ACCOUNTS), clock, () => changes++);
  const { sa, va } = store.account('fortytwo.example.com');
  const tok = store.createToken(sa, va, { expiresAfterDays: 2, maxUses: 1 }, 'me');
  t.equal(tok.expiresAt, clock.now() + 2 * DAY);
  t.equal(store.tokenStatus(tok), 'active');
  clock.advance(2 * DAY - 1);
  t.equal(store.tokenStatus(tok), 'active', 'valid until the last millisecond');
  clock.advance(1);
  t.equal(store.tokenStatus(tok), 'expired');
  const tok2 = store.createToken(sa, va, { maxUses: 1 }, 'me');
  store.addInstance(tok2, { udi: { pid: 'P', sn: 'S' }, hostname: '', swVersion: '', softwareTag: '', usage: [] }, undefined);
  t.equal(store.tokenStatus(tok2), 'used-up');
  t.equal(store.revokeToken(sa, va, tok2.token), 'revoked');
  t.equal(store.tokenStatus(tok2), 'revoked', 'revoked wins');
  t.equal(store.revokeToken(sa, va, tok2.token), 'already-revoked');
  t.equal(store.revokeToken(sa, store.account('Forty-Two uLtd.', 'IOSXR').va, tok.token), 'not-found', 'another virtual account');
  t.ok(changes >= 4, 'every change reported for persistence');
  for (const [input, message] of [
    [{ expiresAfterDays: 0 }, /between 1 and 365/],
    [{ expiresAfterDays: 1.5 }, /between 1 and 365/],
    [{ maxUses: 0 }, /positive integer/],
    [{ description: 'x\ny' }, /control characters/],
    [{ description: 'x'.repeat(257) }, /at most 256/],
  ] as const) {
    t.throws(() => store.createToken(sa, va, input, 'me'), InvalidArgumentError);
    t.throws(() => store.createToken(sa, va, input, 'me'), { message });
  }
});

t.test('device message parsing and paths (pure)', async (t) => {
  const ok = parseDeviceMessage({
    messageType: 'RENEW_AUTH',
    messageId: 'x',
    protocol: 1,
    udi: { pid: 'P', sn: 'S', extra: 1 },
    hostname: 'h',
    usage: [{ tag: 'A', count: 0 }],
    unknownField: true,
  });
  t.same(ok, { ok: true, message: { messageType: 'RENEW_AUTH', udi: { pid: 'P', sn: 'S' }, messageId: 'x', protocol: 1, hostname: 'h', usage: [{ tag: 'A', count: 0 }] } });
  const bad = parseDeviceMessage({ messageType: 'DEREGISTER', messageId: 'y', udi: 'PID:P,SN:S' });
  t.same(bad, { ok: false, reason: 'udi must be an object {pid, sn}', messageType: 'DEREGISTER', messageId: 'y' });
  t.match(parseDeviceMessage({ messageType: 'REGISTER', udi: { pid: 'P', sn: 'S' }, idToken: '' }), { ok: false, reason: /idToken must be a non-empty string/ });
  t.match(parseDeviceMessage({ messageType: 'REGISTER', udi: { pid: 'P\n', sn: 'S' }, idToken: 't' }), { ok: false, reason: /udi.pid/ });
  t.match(parseDeviceMessage({ messageType: 'RENEW_AUTH', udi: { pid: 'P', sn: 'S' }, usage: [{ tag: 'A', count: 1.5 }] }), { ok: false, reason: /usage\[0\]\.count/ });
  t.match(parseDeviceMessage(null), { ok: false });
  for (const p of ['/its/service/oddce/services/DDCEService', '/Transportgateway/services/DeviceRequestHandler/', '/TRANSPORTGATEWAY/services/routerrequesthandler']) t.ok(isDevicePath(p), p);
  for (const p of ['/', '/its/service/oddce', '/Transportgateway/services/Handler', '/oauth2/default/v1/token']) t.notOk(isDevicePath(p), p);
});

t.test('the lab pool grows with the fleet: 20 of each entitlement per device beyond LAB_POOL', async (t) => {
  t.equal(labSmartAccounts(4), DEFAULT_SMART_ACCOUNTS, 'a small lab keeps the default accounts');
  t.equal(labSmartAccounts(LAB_POOL / LAB_USE_PER_DEVICE), DEFAULT_SMART_ACCOUNTS);
  const large = labSmartAccounts(5000);
  const pools = large[0]?.virtualAccounts.map((va) => [va.name, new Set(va.licenses?.map((l) => l.quantity))]);
  t.same(pools?.[0], ['Default', new Set([100_000])], 'Default: 5000 × 20 of every entitlement');
  t.same(large[0]?.virtualAccounts.slice(1), DEFAULT_SMART_ACCOUNTS[0]?.virtualAccounts.slice(1), 'the sample accounts are untouched');
  t.equal(large[0]?.virtualAccounts[0]?.licenses?.length, ENTITLEMENTS.length);
  t.equal(labSmartAccounts(Number.NaN), DEFAULT_SMART_ACCOUNTS, 'a bad count is left to the fleet to refuse');
});
