import t from 'tap';
import { DAY, HOUR } from '../../../src/clock.js';
import { CBR8, NCS560, accessToken, api, postDevice, startTestCssm } from './helpers.js';

const APX = '/v1/software/apis';
const L = '/services/api/smart-accounts-and-licensing';
const D = 'fortytwo.example.com';

t.test('OAuth client credentials: both endpoints, form body, query parameters, JSON, Basic', async (t) => {
  const cssm = await startTestCssm(t);
  const id = cssm.clientId;
  const secret = cssm.clientSecret.reveal();
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: secret });
  const variants: Array<[string, RequestInit & { path: string }]> = [
    ['current, form body', { path: '/oauth2/default/v1/token', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }],
    ['legacy, form body', { path: '/as/token.oauth2', method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }],
    ['legacy, query parameters (EZ, SLA)', { path: `/as/token.oauth2?${form.toString()}`, method: 'POST' }],
    ['on-prem, JSON body (AB)', { path: '/oauth/token', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(Object.fromEntries(form)) }],
    [
      'current, HTTP Basic',
      {
        path: '/oauth2/default/v1/token',
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` },
        body: 'grant_type=client_credentials',
      },
    ],
  ];
  for (const [name, { path, ...init }] of variants) {
    const res = await fetch(`${cssm.url}${path}`, init);
    t.equal(res.status, 200, name);
    const body = (await res.json()) as Record<string, unknown>;
    t.equal(body['token_type'], 'Bearer', name);
    t.equal(body['expires_in'], 3599, name);
    t.match(body['access_token'], /^[\w-]{20,}$/, name);
  }

  const bad = await fetch(`${cssm.url}/oauth2/default/v1/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: id, client_secret: 'wrong' }) });
  t.equal(bad.status, 401);
  t.same(await bad.json(), { error: 'invalid_client' });
  const unknown = await fetch(`${cssm.url}/as/token.oauth2`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'nobody', client_secret: secret }) });
  t.equal(unknown.status, 401);
  const grant = await fetch(`${cssm.url}/as/token.oauth2`, { method: 'POST', body: new URLSearchParams({ grant_type: 'password', client_id: id, client_secret: secret }) });
  t.equal(grant.status, 400);
  t.equal(((await grant.json()) as { error: string }).error, 'unsupported_grant_type');
  const none = await fetch(`${cssm.url}/as/token.oauth2`, { method: 'POST' });
  t.equal(none.status, 400);
  t.equal((await fetch(`${cssm.url}/as/token.oauth2`)).status, 405);
});

t.test('Bearer authentication on API calls; access tokens expire in virtual time', async (t) => {
  const cssm = await startTestCssm(t, { extraCredentials: [{ clientId: 'second-app', clientSecret: 's3cond' }] });
  const path = `${APX}/licensing/v1/account/${D}/virtual-account/Default/token/list`;
  t.equal((await fetch(`${cssm.url}${path}`)).status, 401, 'no header');
  const wrong = await api(cssm, 'not-a-token', 'GET', path);
  t.equal(wrong.status, 401);
  t.equal(wrong.text, '', '401 has an empty body (SPEC)');
  const token = await accessToken(cssm);
  t.equal((await api(cssm, token, 'GET', path)).status, 200);
  cssm.manualClock.advance(HOUR);
  t.equal((await api(cssm, token, 'GET', path)).status, 401, 'expired after 3599 s');
  t.equal(cssm.stats().unauthorized, 3);

  const res = await fetch(`${cssm.url}/oauth2/default/v1/token`, { method: 'POST', body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'second-app', client_secret: 's3cond' }) });
  t.equal(res.status, 200, 'extra credentials work');
});

t.test('APX tokens: create (tokenInfo array), list, revoke', async (t) => {
  const cssm = await startTestCssm(t);
  const tok = await accessToken(cssm);
  const base = `${APX}/licensing/v1/account/${D}/virtual-account/Default`;
  const created = await api(cssm, tok, 'POST', `${base}/token/create`, { description: 'rack 7', expiresAfterDays: 10, exportControlled: 'allowed', maxUses: 3 });
  t.equal(created.status, 200);
  t.equal(created.body['status'], 'SUCCESS');
  t.ok(Array.isArray(created.body['tokenInfo']), 'APX answers an array (SPEC)');
  const info = created.body['tokenInfo'][0];
  t.match(info, {
    expirationDate: '2026-03-11T00:00:00.000Z',
    description: 'rack 7',
    exportControl: 'Allowed',
    createdBy: cssm.clientId,
    maxUses: 3,
    uses: 0,
    status: 'ACTIVE',
  });
  const second = await api(cssm, tok, 'POST', `${base}/token/create`, {});
  t.match(second.body['tokenInfo'][0], { exportControl: 'Not Allowed', expirationDate: '2026-03-31T00:00:00.000Z', maxUses: null }, 'defaults: 30 days, unlimited, not export-controlled');

  const listed = await api(cssm, tok, 'GET', `${base}/token/list`);
  t.equal(listed.body['tokens'].length, 2);
  t.equal(listed.body['totalRecords'], 2);

  const revoked = await api(cssm, tok, 'POST', `${base}/token/revoke`, { tokens: [info.token, 'unknown-token'] });
  t.equal(revoked.status, 200);
  t.equal(revoked.body['status'], 'WARNING', 'partial success');
  t.equal(revoked.body['statusMessage'], '1 tokens successfully revoked.');
  t.same(
    revoked.body['tokensRevokeStatus'].map((s: { status: string }) => s.status),
    ['SUCCESS', 'ERROR'],
  );
  const again = await api(cssm, tok, 'POST', `${base}/token/revoke`, { tokens: [info.token] });
  t.equal(again.body['status'], 'ERROR');
  t.match(again.body['tokensRevokeStatus'][0].statusMessage, /already revoked/);
  const list2 = await api(cssm, tok, 'GET', `${base}/token/list`);
  t.same(list2.body['tokens'].map((x: { status: string }) => x.status).sort(), ['ACTIVE', 'REVOKED']);
  // a token of another virtual account cannot be revoked through this one
  const other = cssm.createToken({ virtualAccount: 'IOSXR' });
  const cross = await api(cssm, tok, 'POST', `${base}/token/revoke`, { tokens: [other.token.reveal()] });
  t.match(cross.body['tokensRevokeStatus'][0].statusMessage, /not found in virtual account "Default"/);
  t.equal(cssm.listTokens('IOSXR')[0]?.status, 'active');
});

t.test('token validation errors are 400 ErrorResponse', async (t) => {
  const cssm = await startTestCssm(t);
  const tok = await accessToken(cssm);
  const base = `${APX}/licensing/v1/account/${D}/virtual-account/Default/token/create`;
  const cases: Array<[unknown, RegExp]> = [
    [{ expiresAfterDays: 0 }, /expiresAfterDays must be an integer between 1 and 365, got 0/],
    [{ expiresAfterDays: 366 }, /between 1 and 365/],
    [{ expiresAfterDays: 'soon' }, /expiresAfterDays must be an integer/],
    [{ maxUses: 0 }, /maxUses must be a positive integer/],
    [{ exportControlled: 'maybe' }, /exportControlled must be "Allowed" or "Not Allowed"/],
    [{ description: 7 }, /description must be a string/],
    [[1], /JSON object/],
  ];
  for (const [body, message] of cases) {
    const r = await api(cssm, tok, 'POST', base, body);
    t.equal(r.status, 400, JSON.stringify(body));
    t.equal(r.body['status'], 'ERROR');
    t.match(r.body['statusMessage'], message);
  }
  const ok = await api(cssm, tok, 'POST', base, { expiresAfterDays: '365', exportControlled: 'NOT ALLOWED' });
  t.equal(ok.status, 200, 'numeric strings and any case accepted');
  const bad = await fetch(`${cssm.url}${base}`, { method: 'POST', headers: { authorization: `Bearer ${tok}` }, body: '{oops' });
  t.equal(bad.status, 400);
  t.equal(cssm.listTokens().length, 1, 'nothing created by the refused calls');
});

t.test('legacy tokens: tokenInfo object, doubled slash and doubled prefix tolerated, on-prem alias', async (t) => {
  const cssm = await startTestCssm(t);
  const tok = await accessToken(cssm);
  const created = await api(cssm, tok, 'POST', `${L}/v1/accounts/${D}/virtual-accounts/IOSXR/tokens`, { description: 'legacy', expiresAfterDays: 5, exportControlled: 'Not Allowed' });
  t.equal(created.status, 200);
  t.equal(typeof created.body['tokenInfo'].token, 'string', 'legacy clients read tokenInfo.token');
  t.equal(created.body['tokenInfo'].exportControl, 'Not Allowed');
  const doubled = await api(cssm, tok, 'GET', `//services/api/smart-accounts-and-licensing/v1/accounts/${D}/virtual-accounts/IOSXR/tokens`);
  t.equal(doubled.status, 200, '//services (MC, AB)');
  t.equal(doubled.body['tokens'].length, 1);
  const gve = await api(cssm, tok, 'GET', `/services/api/services/api/smart-accounts-and-licensing/v1/accounts/${D}/virtual-accounts/IOSXR/tokens`);
  t.equal(gve.status, 200, 'services/api/services/api (GVE)');
  const onprem = await api(cssm, tok, 'GET', `/api/v1/accounts/${D}/virtual-accounts/IOSXR/tokens`);
  t.equal(onprem.status, 200, 'SSM On-Prem /api/v1');
  const revoked = await api(cssm, tok, 'POST', `${L}/v1/accounts/${D}/virtual-accounts/IOSXR/tokens/revoke`, { tokens: [created.body['tokenInfo'].token] });
  t.equal(revoked.body['status'], 'SUCCESS');
});

t.test('accounts and virtual accounts in both families; names with spaces; smart account by name', async (t) => {
  const cssm = await startTestCssm(t, {
    smartAccounts: [
      { name: 'Acme Corp', domain: 'acme.example.com', virtualAccounts: [{ name: '5921 EFT 1', isDefault: true, licenses: [{ tag: 'US_License', quantity: 5 }] }, { name: 'Lab' }] },
      { name: 'Other', domain: 'other.example.com', virtualAccounts: [{ name: 'Default' }] },
    ],
  });
  t.equal(cssm.virtualAccount, '5921 EFT 1');
  const tok = await accessToken(cssm);
  const accounts = await api(cssm, tok, 'GET', `${L}/v2/accounts`);
  t.same(
    accounts.body['accounts'].map((a: Record<string, unknown>) => [a['accountName'], a['accountDomain'], a['accountStatus'], a['accountType']]),
    [
      ['Acme Corp', 'acme.example.com', 'Active', 'CUSTOMER'],
      ['Other', 'other.example.com', 'Active', 'CUSTOMER'],
    ],
  );
  const search = await api(cssm, tok, 'GET', `${L}/v1/accounts/search?domain=acme&type=CUSTOMER`);
  t.match(search.body, { totalRecords: 1, accounts: [{ domain: 'acme.example.com', name: 'Acme Corp', type: 'CUSTOMER' }] });
  const ids = await api(cssm, tok, 'GET', `${L}/v2/accounts/search`);
  t.equal(ids.body['status'], 'COMPLETE');
  t.same(
    ids.body['accounts'][0].virtual_accounts.map((v: Record<string, unknown>) => [v['name'], v['default']]),
    [
      ['5921 EFT 1', true],
      ['Lab', false],
    ],
  );
  const vas = await api(cssm, tok, 'GET', `${L}/v1/accounts/acme.example.com/customer/virtual-accounts`);
  t.same(vas.body['virtualAccounts'][0], { name: '5921 EFT 1', description: '', isDefault: 'true', commerceAccessLevel: 'FULL' }, 'isDefault is a string (DP, AB)');
  const pnp = await api(cssm, tok, 'GET', `${APX}/pnp/v2/accounts?startIdx=1&rowsPerPage=5`);
  t.same(pnp.body, { data: [{ companyName: 'Other', domainIdentifier: 'other.example.com', accountIdentifier: '101' }], totalRows: 2 });
  const pnpVa = await api(cssm, tok, 'GET', `${APX}/pnp/v2/accounts/acme.example.com/virtual-accounts`);
  t.equal(pnpVa.body['data'][0].virtualAccountName, '5921 EFT 1');
  t.equal(pnpVa.body['data'][0].default, true);
  const pnpVaPage = await api(cssm, tok, 'GET', `${APX}/pnp/v2/accounts/acme.example.com/virtual-accounts?startIdx=1&rowsPerPage=1`);
  t.same([pnpVaPage.body['data'].map((va: { virtualAccountName: string }) => va.virtualAccountName), pnpVaPage.body['totalRows']], [['Lab'], 2], 'PnP paging of virtual accounts');
  t.equal((await api(cssm, tok, 'GET', `${APX}/pnp/v2/accounts?rowsPerPage=many`)).status, 400, 'rowsPerPage must be an integer');
  const roles = await api(cssm, tok, 'GET', `${APX}/accounts/v1/user/search-smart-accounts?userId=me&addVirtualAccounts=true`);
  t.equal(roles.body['accounts'][0].virtualAccounts.length, 2);
  t.equal((await api(cssm, tok, 'GET', `${APX}/accounts/v1/user/search-smart-accounts`)).status, 400, 'userId is required');

  const spaced = await api(cssm, tok, 'POST', `${APX}/licensing/v1/account/acme.example.com/virtual-account/5921%20EFT%201/token/create`, {});
  t.equal(spaced.status, 200, 'URL-encoded virtual account name');
  const byName = await api(cssm, tok, 'GET', `${APX}/licensing/v1/account/Acme%20Corp/virtual-account/5921%20EFT%201/token/list`);
  t.equal(byName.body['tokens'].length, 1, 'the smart account may be named instead of its domain');

  const missingSa = await api(cssm, tok, 'GET', `${APX}/licensing/v1/account/nope.example.com/virtual-account/Lab/token/list`);
  t.equal(missingSa.status, 404);
  t.match(missingSa.body['statusMessage'], /Smart account "nope.example.com" not found/);
  const missingVa = await api(cssm, tok, 'GET', `${APX}/licensing/v1/account/acme.example.com/virtual-account/Nope/token/list`);
  t.equal(missingVa.status, 404);
  t.match(missingVa.body['statusMessage'], /Virtual account "Nope" not found/);
  t.equal((await api(cssm, tok, 'GET', `${APX}/licensing/v9/whatever`)).status, 404);
  t.equal((await api(cssm, tok, 'GET', `${APX}/licensing/v1/account/${D}/report-usage-partner`)).status, 405, 'known path, wrong method');
  t.equal((await api(cssm, tok, 'GET', `/elsewhere`)).status, 404);
});

t.test('licenses: purchased vs in use, compliance, both casings, pagination', async (t) => {
  const cssm = await startTestCssm(t, { virtualAccount: 'auto-test-1' });
  await postDevice(cssm.url, {
    messageType: 'REGISTER',
    udi: CBR8,
    idToken: cssm.createToken().token.reveal(),
    usage: [
      { tag: 'US_License', count: 64 },
      { tag: 'WAN_License', count: 8 },
    ],
  });
  const tok = await accessToken(cssm);
  const legacy = await api(cssm, tok, 'POST', `${L}/v1/accounts/${D}/licenses`, { virtualAccounts: ['auto-test-1'], limit: -1, offset: 0 });
  t.equal(legacy.body['totalRecords'], 5);
  const wan = legacy.body['licenses'].find((l: Record<string, unknown>) => l['license'] === 'WAN_License');
  t.match(wan, { virtualAccount: 'auto-test-1', quantity: 4, inUse: 8, available: -4, status: 'Out Of Compliance', billingType: 'PREPAID' });
  t.match(wan.licenseDetails[0], { licenseType: 'PERPETUAL', quantity: 4, status: 'ACTIVE' }, 'camelCase details (legacy)');
  const us = legacy.body['licenses'].find((l: Record<string, unknown>) => l['license'] === 'US_License');
  t.match(us, { quantity: 128, inUse: 64, available: 64, status: 'In Compliance' });

  const apx = await api(cssm, tok, 'POST', `${APX}/licensing/v1/account/${D}/report-usage-partner`, { virtualAccounts: ['auto-test-1'], limit: 2, offset: 2 });
  t.equal(apx.body['totalRecords'], 5);
  t.equal(apx.body['licenses'].length, 2, 'one page');
  t.match(apx.body['licenses'][0].licenseDetails[0], { license_type: 'PERPETUAL', entitled_quantity: 4 }, 'snake_case details (APX)');

  const all = await api(cssm, tok, 'POST', `${L}/v1/accounts/${D}/licenses`, { virtualAccounts: [], limit: -1 });
  t.ok(all.body['totalRecords'] > 5, 'an empty list means every virtual account');
  const unknownVa = await api(cssm, tok, 'POST', `${L}/v1/accounts/${D}/licenses`, { virtualAccounts: ['Nope'] });
  t.equal(unknownVa.status, 404);
});

t.test("product instances listed across virtual accounts: each against its own account's license totals", async (t) => {
  const cssm = await startTestCssm(t, { virtualAccount: 'auto-test-1' });
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: CBR8, hostname: 'over', idToken: cssm.createToken().token.reveal(), usage: [{ tag: 'WAN_License', count: 8 }] });
  await postDevice(cssm.url, { messageType: 'REGISTER', udi: NCS560, hostname: 'within', idToken: cssm.createToken({ virtualAccount: 'Default' }).token.reveal(), usage: [{ tag: 'WAN_License', count: 0 }] });
  const tok = await accessToken(cssm);
  const all = await api(cssm, tok, 'GET', `${APX}/licensing/v2/accounts/${D}/devices?limit=-1`);
  const status = Object.fromEntries(all.body['devices'].map((d: Record<string, any>) => [d['hostName'], [d['virtualAccount'], d['status']]]));
  t.same(status, { over: ['auto-test-1', 'Out Of Compliance'], within: ['Default', 'In Compliance'] });
  t.same(
    cssm.listProductInstances().map((pi) => [pi.hostname, pi.compliant]),
    [
      ['over', false],
      ['within', true],
    ],
    'the in-process listing (every virtual account) agrees',
  );
  const page = await api(cssm, tok, 'GET', `${APX}/licensing/v2/accounts/${D}/devices?limit=1&offset=1`);
  t.equal(page.body['totalRecords'], 2, 'the total counts every instance, the page renders one');
  t.equal(page.body['devices'].length, 1);
});

t.test('product instances: list in both families with the documented device shape, remove (both spellings)', async (t) => {
  const cssm = await startTestCssm(t);
  for (const [udi, host] of [
    [CBR8, 'cbr8-1'],
    [NCS560, 'ncs560-1'],
  ] as const) {
    await postDevice(cssm.url, { messageType: 'REGISTER', udi, hostname: host, softwareTag: `tag-${host}`, idToken: cssm.createToken().token.reveal(), usage: [{ tag: 'US_License', count: 1 }] });
  }
  cssm.manualClock.advance(2 * DAY);
  await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS560, usage: [] });
  const tok = await accessToken(cssm);

  const apx = await api(cssm, tok, 'GET', `${APX}/licensing/v2/accounts/${D}/devices?virtualAccountName=Default`);
  t.equal(apx.body['status'], 'SUCCESS');
  t.equal(apx.body['totalRecords'], 2);
  const dev = apx.body['devices'].find((d: Record<string, any>) => d['sudi'].udiSerialNumber === NCS560.sn);
  t.match(dev, {
    displayName: 'UDI_PID:NCS560-4; UDI_SN:FOX2305P81D; ',
    instanceName: 'ncs560-1',
    hostName: 'ncs560-1',
    sudi: { udiPid: 'NCS560-4', udiSerialNumber: 'FOX2305P81D' },
    productTagName: 'tag-ncs560-1',
    virtualAccount: 'Default',
    status: 'In Compliance',
    registrationDate: '2026-03-01T00:00:00.000Z',
    lastContactDate: '2026-03-03T00:00:00.000Z',
    licenseUsage: [],
  });
  const filtered = await api(cssm, tok, 'GET', `${APX}/licensing/v2/accounts/${D}/devices?virtualAccountName=Default&instanceName=cbr8-1`);
  t.equal(filtered.body['totalRecords'], 1);
  t.match(filtered.body['devices'][0].licenseUsage, [{ license: 'US_License', quantity: 1 }]);
  const paged = await api(cssm, tok, 'GET', `${APX}/licensing/v2/accounts/${D}/devices?virtualAccountName=Default&limit=1&offset=1`);
  t.equal(paged.body['devices'].length, 1);
  t.equal(paged.body['totalRecords'], 2);

  const legacyPost = await api(cssm, tok, 'POST', `${L}/v1/accounts/${D}/devices`, { virtualAccounts: ['Default'], limit: 50, offset: 0 });
  t.equal(legacyPost.body['totalRecords'], 2);
  const legacyGet = await api(cssm, tok, 'GET', `${L}/v1/accounts/${D}/virtual-accounts/Default/devices`);
  t.equal(legacyGet.body['devices'].length, 2);

  const legacyRemove = await api(cssm, tok, 'POST', `${L}/v2/accounts/${D}/virtual-accounts/Default/devices/remove`, {
    productInstacesRemoveRequests: [{ sudi: { udiPid: CBR8.pid, udiSerialNumber: CBR8.sn }, productTagName: 'tag-cbr8-1' }],
  });
  t.equal(legacyRemove.body['status'], 'SUCCESS', 'legacy (sic) spelling, no returnCode');
  t.equal(cssm.findProductInstance(CBR8), undefined);

  const apxRemove = await api(cssm, tok, 'POST', `${APX}/licensing/v3/accounts/${D}/devices/remove?virtualAccountName=Default`, {
    productInstancesRemoveRequests: [{ sudi: { udiPid: NCS560.pid, udiSerialNumber: NCS560.sn } }, { sudi: { udiSerialNumber: 'NOPE' } }],
  });
  t.equal(apxRemove.body['status'], 'WARNING');
  t.same(
    apxRemove.body['removeProductInstancesStatus'].map((s: Record<string, any>) => [s['status'], s['device'].udiSerialNumber]),
    [
      ['SUCCESS', NCS560.sn],
      ['ERROR', 'NOPE'],
    ],
  );
  t.match(apxRemove.body['removeProductInstancesStatus'][1].statusMessage, /SN:NOPE not found in virtual account "Default"/);
  const bad = await api(cssm, tok, 'POST', `${APX}/licensing/v3/accounts/${D}/devices/remove`, { productInstancesRemoveRequests: [{ sudi: {} }] });
  t.equal(bad.status, 400);
  t.same(cssm.listProductInstances(), []);
  // removed in CSSM: the device is out of sync
  const renew = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: NCS560, usage: [] });
  t.equal(renew.body['error'].code, 'SYNC_LOST');
});
