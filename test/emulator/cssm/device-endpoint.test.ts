import t from 'tap';
import { DAY } from '../../../src/clock.js';
import { CBR8, NCS1004, NCS560, TAC_PATH, postDevice, startTestCssm } from './helpers.js';

t.test('register → renew-auth → renew-id → deregister over HTTP', async (t) => {
  const cssm = await startTestCssm(t);
  const token = cssm.createToken({ description: 'lab', exportControlled: true });
  const reg = await postDevice(cssm.url, {
    messageType: 'REGISTER',
    messageId: 'm-1',
    udi: NCS560,
    hostname: 'ncs560-1',
    swVersion: '7.3.1',
    softwareTag: 'regid.2017-05.com.cisco.NCS560,1.0_fake',
    idToken: token.token.reveal(),
  });
  t.equal(reg.status, 200);
  t.equal(reg.body['status'], 'SUCCESS');
  t.equal(reg.body['messageType'], 'REGISTER');
  t.equal(reg.body['messageId'], 'm-1');
  t.equal(reg.body['protocol'], 1);
  t.equal(reg.body['smartAccount'], 'Forty-Two uLtd.');
  t.equal(reg.body['smartAccountDomain'], 'fortytwo.example.com');
  t.equal(reg.body['virtualAccount'], 'Default');
  t.equal(reg.body['exportControlled'], 'ALLOWED');
  t.equal(reg.body['serverTime'], '2026-03-01T00:00:00.000Z');
  const cert = reg.body['idCert'];
  t.equal(cert.notBefore, '2026-03-01T00:00:00.000Z');
  t.equal(cert.notAfter, '2027-03-01T00:00:00.000Z', 'ID certificate valid 365 days (000:798-800)');
  t.match(cert.serial, /^\d+$/);
  t.match(cert.pem, /^-----BEGIN CERTIFICATE-----\n[A-Za-z0-9+/=\n]+\n-----END CERTIFICATE-----\n$/);
  t.match(cert.commonName, /^[0-9A-F]{40}::1,2$/);
  t.notOk('authorization' in reg.body, 'no usage sent, no authorization block');
  t.equal(cssm.listTokens()[0]?.uses, 1, 'a registration uses the token once');

  const pi = cssm.findProductInstance(NCS560);
  t.ok(pi);
  t.equal(pi?.hostname, 'ncs560-1');
  t.equal(pi?.idCertSerial, cert.serial);
  t.equal(pi?.id, reg.body['productInstanceId']);

  cssm.manualClock.advance(DAY);
  const auth = await postDevice(cssm.url, {
    messageType: 'RENEW_AUTH',
    udi: NCS560,
    idCertSerial: cert.serial,
    usage: [
      { tag: 'ESS-AC-100G-RTU-1', count: 1 },
      { tag: 'N560-4-SYS-E-TRK', count: 1 },
    ],
  });
  t.equal(auth.body['status'], 'SUCCESS');
  t.equal(auth.body['messageType'], 'RENEW_AUTH');
  t.equal(auth.body['authorization'].status, 'AUTHORIZED');
  t.equal(auth.body['authorization'].expiresAt, '2026-05-31T00:00:00.000Z', 'authorization period 90 days from now');
  t.same(auth.body['authorization'].entitlements, [
    { tag: 'ESS-AC-100G-RTU-1', count: 1, status: 'AUTHORIZED', purchased: 10000, inUse: 1 },
    { tag: 'N560-4-SYS-E-TRK', count: 1, status: 'AUTHORIZED', purchased: 10000, inUse: 1 },
  ]);
  t.equal(cssm.findProductInstance(NCS560)?.lastContactAt, '2026-03-02T00:00:00.000Z', 'last contact follows virtual time');

  const renewId = await postDevice(cssm.url, { messageType: 'RENEW_ID', udi: NCS560, idCertSerial: cert.serial });
  t.equal(renewId.body['status'], 'SUCCESS');
  t.not(renewId.body['idCert'].serial, cert.serial, 'a new certificate');
  t.equal(renewId.body['idCert'].notAfter, '2027-03-02T00:00:00.000Z');
  const stale = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS560, idCertSerial: cert.serial, usage: [] });
  t.equal(stale.body['error'].code, 'SYNC_LOST', 'the replaced certificate no longer matches');

  const dereg = await postDevice(cssm.url, { messageType: 'DEREGISTER', udi: NCS560, idCertSerial: renewId.body['idCert'].serial });
  t.equal(dereg.body['status'], 'SUCCESS');
  t.equal(dereg.body['messageType'], 'DEREGISTER');
  t.equal(cssm.findProductInstance(NCS560), undefined, 'deregistration removes the product instance (001:452)');
  t.same(cssm.stats().deviceReplies, { SUCCESS: 4, SYNC_LOST: 1 });
});

t.test('every call-home path of the seeds is accepted; others are 404', async (t) => {
  const cssm = await startTestCssm(t);
  const paths = [
    '/its/service/oddce/services/DDCEService',
    '/its/service/oddce/services/DDCService',
    '/its/service/ctbe/services/IDEService',
    '/its/service/otbe/services/IDEService',
    '/its/service/odbe/services/IDCEService',
    '/its/service/odcce/services/DDCEService',
    '/Transportgateway/services/DeviceRequestHandler',
    '/Transportgateway/services/DeviceRequestHandle',
    '/Transportgateway/services/RouterRequestHandler',
    '/transportgate/services/DeviceRequestHandler',
    '//Transportgateway//services/DeviceRequestHandler',
    '/licservice/license',
    '/SmartTransport',
  ];
  for (const [i, path] of paths.entries()) {
    const token = cssm.createToken();
    const r = await postDevice(cssm.url, { messageType: 'REGISTER', udi: { pid: 'P', sn: `SN${i}` }, idToken: token.token.reveal() }, path);
    t.equal(r.body['status'], 'SUCCESS', path);
  }
  for (const path of ['/its/service/oddce', '/Transportgateway/services/Other', '/nothing']) {
    const r = await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, idToken: 'x' }, path);
    t.equal(r.status, 404, path);
  }
  const get = await fetch(`${cssm.url}${TAC_PATH}`);
  t.equal(get.status, 405);
  t.equal(get.headers.get('allow'), 'POST');
});

t.test('token rules at registration, each with its own failure code', async (t) => {
  const cssm = await startTestCssm(t);
  const register = (idToken: string, extra: Record<string, unknown> = {}, udi = CBR8) =>
    postDevice(cssm.url, { messageType: 'REGISTER', messageId: 'r', udi, idToken, ...extra });

  const unknown = await register('bm90LWEtdG9rZW4%3D%0A');
  t.equal(unknown.status, 200, 'protocol failures are HTTP 200');
  t.same(unknown.body['error'], { code: 'TOKEN_INVALID', message: 'The ID token is not valid.' });
  t.equal(unknown.body['status'], 'FAILURE');
  t.equal(unknown.body['messageType'], 'REGISTER');
  t.equal(unknown.body['messageId'], 'r');

  const expiring = cssm.createToken({ expiresAfterDays: 1 });
  cssm.manualClock.advance(DAY);
  const expired = await register(expiring.token.reveal());
  t.equal(expired.body['error'].code, 'TOKEN_EXPIRED');
  t.equal(expired.body['error'].message, 'The ID token expired on 2026-03-02T00:00:00.000Z.');

  const revoked = cssm.createToken();
  t.ok(cssm.revokeToken(revoked.token));
  t.equal((await register(revoked.token.reveal())).body['error'].code, 'TOKEN_REVOKED');

  const once = cssm.createToken({ maxUses: 1 });
  t.equal((await register(once.token.reveal(), {}, { pid: 'P', sn: 'A1' })).body['status'], 'SUCCESS');
  const usedUp = await register(once.token.reveal(), {}, { pid: 'P', sn: 'A2' });
  t.equal(usedUp.body['error'].code, 'TOKEN_USED_UP');
  t.match(usedUp.body['error'].message, /maximum number of times \(1\)/);

  const noExport = cssm.createToken({ exportControlled: false });
  const exportRefused = await register(noExport.token.reveal(), { exportControlled: true });
  t.equal(exportRefused.body['error'].code, 'EXPORT_CONTROL_NOT_ALLOWED');
  const plain = await register(noExport.token.reveal());
  t.equal(plain.body['status'], 'SUCCESS', 'the same token registers a device that does not ask for export control');
  t.equal(plain.body['exportControlled'], 'NOT ALLOWED');

  const again = await register(cssm.createToken().token.reveal());
  t.equal(again.body['error'].code, 'ALREADY_REGISTERED');
  t.match(again.body['error'].message, /PID:CBR-8-CCAP-CHASS,SN:FXS1739Q0NT is already registered in virtual account "Default"/);
  const forced = await register(cssm.createToken().token.reveal(), { force: true });
  t.equal(forced.body['status'], 'SUCCESS', 'force replaces the registration');
  t.not(forced.body['productInstanceId'], plain.body['productInstanceId']);
  t.equal(cssm.listProductInstances().filter((p) => p.udi.sn === CBR8.sn).length, 1, 'still one instance for the UDI');

  const otherVa = cssm.createToken({ virtualAccount: 'IOSXR' });
  const moved = await register(otherVa.token.reveal(), { force: true });
  t.equal(moved.body['error'].code, 'TOKEN_WRONG_VIRTUAL_ACCOUNT');
  t.match(moved.body['error'].message, /registered in virtual account "Default"; the ID token belongs to virtual account "IOSXR"/);
  const fresh = await register(otherVa.token.reveal(), {}, { pid: 'P', sn: 'B1' });
  t.equal(fresh.body['virtualAccount'], 'IOSXR', 'a token registers into its own virtual account');

  const failures = Object.keys(cssm.stats().deviceReplies).sort();
  t.same(failures, [
    'ALREADY_REGISTERED',
    'EXPORT_CONTROL_NOT_ALLOWED',
    'SUCCESS',
    'TOKEN_EXPIRED',
    'TOKEN_INVALID',
    'TOKEN_REVOKED',
    'TOKEN_USED_UP',
    'TOKEN_WRONG_VIRTUAL_ACCOUNT',
  ]);
  t.equal(once.uses, 0, 'views are snapshots');
  t.equal(cssm.listTokens().find((x) => x.token.equals(once.token))?.status, 'used-up');
});

t.test('force re-registration may move the instance when the emulator allows it', async (t) => {
  const cssm = await startTestCssm(t, { allowVirtualAccountMove: true });
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, idToken: cssm.createToken().token.reveal() });
  const moved = await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, force: true, idToken: cssm.createToken({ virtualAccount: 'auto-test-1' }).token.reveal() });
  t.equal(moved.body['status'], 'SUCCESS');
  t.equal(cssm.findProductInstance(CBR8)?.virtualAccount, 'auto-test-1');
});

t.test('a token with its URL escapes decoded and line breaks dropped is the same token', async (t) => {
  const cssm = await startTestCssm(t);
  const token = cssm.createToken().token.reveal();
  t.match(token, /%0A.*%3D%0A$/, 'tokens look like the seeds\' (001:792)');
  const r = await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, idToken: decodeURIComponent(token).replace(/\n/g, '') });
  t.equal(r.body['status'], 'SUCCESS');
});

t.test('out of compliance: virtual-account purchased vs in use across all instances', async (t) => {
  const cssm = await startTestCssm(t, { virtualAccount: 'auto-test-1' });
  // WAN_License: 4 purchased in auto-test-1; the cBR-8 sample uses 8 (000:584-588)
  const reg = await postDevice(cssm.url, {
    messageType: 'REGISTER',
    udi: CBR8,
    idToken: cssm.createToken().token.reveal(),
    usage: [
      { tag: 'regid.2014-11.com.cisco.US_License,1.0_a3f32909-2c71-426c-b3e0-eeefc946f9b3', count: 64 },
      { tag: 'regid.2014-11.com.cisco.DS_License,1.0_71ad0ae1-5e5e-4f02-b380-d2e1b8dcfa03', count: 768 },
      { tag: 'regid.2014-11.com.cisco.WAN_License,1.0_3d8bb7ba-1a92-4f01-a4aa-a4479f1d7612', count: 8 },
    ],
  });
  t.equal(reg.body['authorization'].status, 'OUT OF COMPLIANCE');
  t.same(
    reg.body['authorization'].entitlements.map((e: { status: string }) => e.status),
    ['AUTHORIZED', 'AUTHORIZED', 'OUT OF COMPLIANCE'],
    'as the seed shows (000:572-588)',
  );
  t.equal(cssm.findProductInstance(CBR8)?.compliant, false);

  // a second chassis with 40 US licenses: 104 of 128 → still authorized, short name matches the full tag
  const second = { pid: 'CBR-8-CCAP-CHASS', sn: 'FXS0000002' };
  const r2 = await postDevice(cssm.url, { messageType: 'REGISTER', udi: second, idToken: cssm.createToken().token.reveal(), usage: [{ tag: 'US_License', count: 40 }] });
  t.same(r2.body['authorization'].entitlements[0], { tag: 'US_License', count: 40, status: 'AUTHORIZED', purchased: 128, inUse: 104 });
  // 30 more on the second: 134 of 128 → both chassis report OOC for US_License at their next renewal
  const r3 = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: second, usage: [{ tag: 'US_License', count: 70 }] });
  t.same(r3.body['authorization'].entitlements[0], { tag: 'US_License', count: 70, status: 'OUT OF COMPLIANCE', purchased: 128, inUse: 134 });
  const r4 = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: CBR8, usage: [{ tag: 'US_License', count: 64 }, { tag: 'WAN_License', count: 4 }] });
  t.same(
    r4.body['authorization'].entitlements.map((e: { status: string }) => e.status),
    ['OUT OF COMPLIANCE', 'AUTHORIZED'],
    'compliance is per virtual account, and a new report replaces the old one',
  );
  // buying more restores compliance
  cssm.setLicense({ tag: 'US_License', quantity: 200 });
  const r5 = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: CBR8, usage: [{ tag: 'US_License', count: 64 }] });
  t.equal(r5.body['authorization'].status, 'AUTHORIZED');
  // an entitlement the account never bought
  const r6 = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: CBR8, usage: [{ tag: 'S_NCS1K4_SUBSEA', count: 1 }, { tag: 'US_License', count: 0 }] });
  t.same(r6.body['authorization'].entitlements, [
    { tag: 'S_NCS1K4_SUBSEA', count: 1, status: 'OUT OF COMPLIANCE', purchased: 0, inUse: 1 },
    { tag: 'US_License', count: 0, status: 'AUTHORIZED', purchased: 200, inUse: 70 },
  ]);
  const usage = cssm.licenseUsage();
  t.equal(usage.find((u) => u.key === 'S_NCS1K4_SUBSEA')?.compliant, false, 'listed with quantity 0');
});

t.test('export-restricted entitlements are NOT AUTHORIZED without an export-controlled registration', async (t) => {
  const cssm = await startTestCssm(t);
  cssm.setLicense({ tag: 'S-NCS1K4-LIC-100X=', quantity: 10, exportRestricted: true });
  const plain = await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS1004, idToken: cssm.createToken().token.reveal(), usage: [{ tag: 'S-NCS1K4-LIC-100X=', count: 2 }] });
  t.equal(plain.body['authorization'].entitlements[0].status, 'NOT AUTHORIZED');
  t.equal(plain.body['authorization'].status, 'OUT OF COMPLIANCE');
  const allowed = await postDevice(cssm.url, {
    messageType: 'REGISTER',
    udi: NCS1004,
    force: true,
    exportControlled: true,
    idToken: cssm.createToken({ exportControlled: true }).token.reveal(),
    usage: [{ tag: 'S-NCS1K4-LIC-100X=', count: 2 }],
  });
  t.equal(allowed.body['authorization'].status, 'AUTHORIZED');
});

t.test('sync loss: the instance removed in CSSM (004:597-684), then recovery with a forced registration', async (t) => {
  const cssm = await startTestCssm(t);
  const reg = await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS1004, idToken: cssm.createToken().token.reveal() });
  const serial = reg.body['idCert'].serial as string;
  t.ok(cssm.removeProductInstance({ sn: NCS1004.sn }), 'Inventory → Product Instances → Remove');
  t.notOk(cssm.removeProductInstance({ sn: NCS1004.sn }), 'already gone');

  const renew = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS1004, idCertSerial: serial, usage: [{ tag: 'S_NCS1K4_SUBSEA', count: 3 }] });
  t.equal(renew.status, 200);
  t.same(renew.body['error'], { code: 'SYNC_LOST', message: 'Data and signature do not match for udi PID:8812,SN:FOX2202WIVM' });
  const renewId = await postDevice(cssm.url, { messageType: 'RENEW_ID', udi: NCS1004, idCertSerial: serial });
  t.equal(renewId.body['error'].code, 'SYNC_LOST');
  const dereg = await postDevice(cssm.url, { messageType: 'DEREGISTER', udi: NCS1004, idCertSerial: serial });
  t.equal(dereg.body['status'], 'FAILURE', 'deregistration answers a failure status (004:669-677)');
  t.equal(dereg.body['error'].code, 'SYNC_LOST');

  const again = await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS1004, force: true, idToken: cssm.createToken().token.reveal() });
  t.equal(again.body['status'], 'SUCCESS');
  const ok = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS1004, idCertSerial: again.body['idCert'].serial, usage: [] });
  t.equal(ok.body['authorization'].status, 'AUTHORIZED');
});

t.test('sync loss knob: the instance stays but its signature no longer matches', async (t) => {
  const cssm = await startTestCssm(t);
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS1004, idToken: cssm.createToken().token.reveal() });
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS560, idToken: cssm.createToken().token.reveal() });
  cssm.faults.syncLoss(NCS1004);
  t.same(cssm.faults.snapshot().syncLost, ['PID:8812,SN:FOX2202WIVM']);
  const renew = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS1004, usage: [] });
  t.equal(renew.body['error'].message, 'Data and signature do not match for udi PID:8812,SN:FOX2202WIVM');
  t.ok(cssm.findProductInstance(NCS1004), 'still listed in CSSM');
  t.equal((await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS560, usage: [] })).body['status'], 'SUCCESS', 'other UDIs unaffected');
  t.equal((await postDevice(cssm.url, { messageType: 'DEREGISTER', udi: NCS1004 })).body['error'].code, 'SYNC_LOST');
  const forced = await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS1004, force: true, idToken: cssm.createToken().token.reveal() });
  t.equal(forced.body['status'], 'SUCCESS');
  t.same(cssm.faults.snapshot().syncLost, [], 'a new registration ends the sync loss');
  t.equal((await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS1004, usage: [] })).body['status'], 'SUCCESS');
});

t.test('malformed requests are 400 MALFORMED_REQUEST naming the field', async (t) => {
  const cssm = await startTestCssm(t);
  const cases: Array<[unknown, RegExp]> = [
    ['{not json', /not valid JSON/],
    [[1, 2], /JSON object/],
    [{ messageType: 'HELLO', udi: CBR8 }, /messageType must be one of/],
    [{ messageType: 'REGISTER', udi: CBR8 }, /REGISTER needs idToken/],
    [{ messageType: 'REGISTER', udi: { pid: 'X' }, idToken: 't' }, /udi.sn/],
    [{ messageType: 'RENEW_AUTH', udi: CBR8 }, /RENEW_AUTH needs usage/],
    [{ messageType: 'RENEW_AUTH', udi: CBR8, usage: [{ tag: 'A', count: -1 }] }, /usage\[0\].count/],
    [{ messageType: 'REGISTER', udi: CBR8, idToken: 't', force: 'yes' }, /force must be a boolean/],
    [{ messageType: 'REGISTER', udi: CBR8, idToken: 't', protocol: 2 }, /protocol 2 is not supported/],
  ];
  for (const [body, reason] of cases) {
    const r = await postDevice(cssm.url, body);
    t.equal(r.status, 400, JSON.stringify(body));
    t.equal(r.body['status'], 'FAILURE');
    t.equal(r.body['error'].code, 'MALFORMED_REQUEST');
    t.match(r.body['error'].message, reason);
  }
  t.equal(cssm.stats().deviceReplies['MALFORMED_REQUEST'], cases.length);
});

t.test('the token never appears in a failure reply', async (t) => {
  const cssm = await startTestCssm(t);
  const token = cssm.createToken({ maxUses: 1 });
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, idToken: token.token.reveal() });
  const r = await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS560, idToken: token.token.reveal() });
  t.equal(r.body['error'].code, 'TOKEN_USED_UP');
  t.notMatch(JSON.stringify(r.body), token.token.reveal().slice(0, 20));
});
