import t from 'tap';
import {
  bodyFailure,
  parseCreatedToken,
  parseDevices,
  parseItemStatuses,
  parseLicenses,
  parseTokens,
  parseVirtualAccounts,
} from '../../src/cssm/response.js';

t.test('failure bodies in every documented variant, including HTTP 200 with status ERROR', async (t) => {
  const table: Array<[unknown, string | undefined]> = [
    [{ status: 'SUCCESS', statusMessage: 'ok' }, undefined],
    [{ status: 'WARNING', statusMessage: 'partial' }, undefined],
    [{ tokens: [] }, undefined],
    ['text', undefined],
    [{ status: 'ERROR', statusMessage: 'Invalid Client' }, 'ERROR: Invalid Client'],
    [{ status: 'FAILURE', message: 'nope' }, 'FAILURE: nope'],
    [{ status: 'FAILED', message: 'dup', localized_message: 'x', message_code: 'CSSM-ERR-048' }, 'FAILED CSSM-ERR-048: dup'],
    [{ errorCode: 'PAK-1', errorMessage: 'bad PAK', status: 'ERROR' }, 'ERROR PAK-1: bad PAK'],
    [{ status: 'error' }, 'ERROR'],
  ];
  for (const [body, want] of table) t.equal(bodyFailure(body), want, JSON.stringify(body));
});

t.test('tokens: tokenInfo as array (APX) or object (legacy); export flag spellings', async (t) => {
  const apx = parseCreatedToken({ tokenInfo: [{ token: 'T1%0A', expirationDate: '2026-04-01', exportControl: 'Allowed', description: 'd', createdBy: 'me' }] }, 'VA');
  t.equal(apx?.token.reveal(), 'T1%0A');
  t.equal(String(apx?.token), '***');
  t.match(apx, { virtualAccount: 'VA', expiresAt: '2026-04-01', exportControlled: true, description: 'd', createdBy: 'me', state: 'active' });
  t.notOk(apx !== undefined && 'maxUses' in apx, 'absent when CSSM does not say');
  const legacy = parseCreatedToken({ tokenInfo: { token: 'T2', exportControl: 'Not Allowed', maxUses: null, uses: '1', status: 'USED_UP' } }, 'VA');
  t.match(legacy, { exportControlled: false, maxUses: null, uses: 1, state: 'used-up' });
  t.equal(parseCreatedToken({ tokenInfo: [] }, 'VA'), undefined);
  t.equal(parseCreatedToken({ status: 'SUCCESS' }, 'VA'), undefined);
  const list = parseTokens({ tokens: [{ token: 'A', status: 'REVOKED' }, { token: '' }, { token: 'B', status: 'weird', exportControlled: true }] }, 'VA');
  t.same(
    list.map((x) => [x.token.reveal(), x.state, x.exportControlled]),
    [
      ['A', 'revoked', false],
      ['B', 'unknown', true],
    ],
  );
});

t.test('licenses and devices, lenient', async (t) => {
  const lic = parseLicenses({
    totalRecords: '7',
    licenses: [
      { license: 'WAN', entitlementTag: 'regid.x', virtualAccount: 'V', quantity: 4, inUse: 8, available: -4, status: 'Out Of Compliance' },
      { license: 'US', quantity: '10', inUse: '3', status: 'In Compliance' },
      { license: 'Q', status: 'Something' },
    ],
  });
  t.equal(lic.total, 7);
  t.same(lic.licenses, [
    { name: 'WAN', entitlementTag: 'regid.x', virtualAccount: 'V', quantity: 4, inUse: 8, available: -4, status: 'out-of-compliance' },
    { name: 'US', virtualAccount: '', quantity: 10, inUse: 3, available: 7, status: 'in-compliance' },
    { name: 'Q', virtualAccount: '', quantity: 0, inUse: 0, available: 0, status: 'unknown' },
  ]);
  const dev = parseDevices(
    {
      devices: [
        { displayName: 'UDI_PID:C8000V; UDI_SN:ABC123; ', hostName: 'r1', status: 'In Compliance', lastContactDate: '2026-01-01T00:00:00Z', licenseUsage: [{ license: 'L', quantity: '2' }] },
        { sudi: { udiPid: 'P', udiSerialNumber: 'S' }, instanceName: 'i', virtualAccount: 'Other', productTagName: 'tag', productInstanceId: 'id-1' },
      ],
    },
    'VA',
  );
  t.equal(dev.total, 2, 'totalRecords absent: the page size');
  t.same(dev.devices[0], {
    udi: { pid: 'C8000V', sn: 'ABC123' },
    hostname: 'r1',
    instanceName: 'r1',
    productTagName: '',
    productName: '',
    virtualAccount: 'VA',
    status: 'in-compliance',
    lastContactAt: '2026-01-01T00:00:00Z',
    licenseUsage: [{ license: 'L', quantity: 2 }],
  });
  t.match(dev.devices[1], { udi: { pid: 'P', sn: 'S' }, instanceName: 'i', virtualAccount: 'Other', productTagName: 'tag', id: 'id-1', status: 'unknown' });
  t.same(parseDevices({ status: 'OK', devices: { sudi: { udiPid: 'X', udiSerialNumber: 'Y' } } }, 'VA').devices[0]?.udi, { pid: 'X', sn: 'Y' }, 'a single object instead of an array (FDM saw it live)');
});

t.test('per-item statuses and virtual accounts', async (t) => {
  t.same(parseItemStatuses({ tokensRevokeStatus: [{ status: 'SUCCESS', statusMessage: 'a' }, { status: 'ERROR', message: 'b' }] }, 'tokensRevokeStatus'), [
    { ok: true, message: 'a' },
    { ok: false, message: 'b' },
  ]);
  t.same(parseItemStatuses({}, 'x'), []);
  t.same(parseVirtualAccounts({ data: [{ virtualAccountName: 'A', default: 'true' }, { virtualAccountName: 'B', default: false }] }), [
    { name: 'A', isDefault: true },
    { name: 'B', isDefault: false },
  ]);
  t.same(parseVirtualAccounts({ virtualAccounts: [{ name: 'C', isDefault: 'Yes' }, { name: '' }] }), [{ name: 'C', isDefault: true }]);
});
