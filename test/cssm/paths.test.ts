import t from 'tap';
import {
  apiBase,
  createTokenCall,
  defaultTokenUrl,
  devicesCall,
  licensesCall,
  listTokensCall,
  removeDevicesCall,
  revokeTokensCall,
  virtualAccountsCall,
} from '../../src/cssm/paths.js';

t.test('API base and token URL', async (t) => {
  const table: Array<[string, 'apx' | 'legacy', string]> = [
    ['https://apx.cisco.com', 'apx', 'https://apx.cisco.com/v1/software/apis'],
    ['https://apx.cisco.com/', 'apx', 'https://apx.cisco.com/v1/software/apis'],
    ['https://apx.cisco.com/v1/software/apis', 'apx', 'https://apx.cisco.com/v1/software/apis'],
    ['https://swapi.cisco.com', 'legacy', 'https://swapi.cisco.com/services/api/smart-accounts-and-licensing'],
    ['https://swapi.cisco.com/services/api/smart-accounts-and-licensing/', 'legacy', 'https://swapi.cisco.com/services/api/smart-accounts-and-licensing'],
  ];
  for (const [url, family, base] of table) t.equal(apiBase(url, family), base, `${family} ${url}`);
  t.equal(defaultTokenUrl('http://127.0.0.1:41000'), 'http://127.0.0.1:41000/oauth2/default/v1/token');
  t.equal(defaultTokenUrl('https://apx.cisco.com/v1/software/apis/'), 'https://apx.cisco.com/oauth2/default/v1/token');
});

t.test('requests per family', async (t) => {
  const d = 'acme.example.com';
  const va = '5921 EFT 1';
  const table: Array<[string, unknown, unknown]> = [
    [
      'create token apx',
      createTokenCall('apx', d, va, { description: 'x', expiresAfterDays: 7, maxUses: 2, exportControlled: true }),
      {
        method: 'POST',
        path: '/licensing/v1/account/acme.example.com/virtual-account/5921%20EFT%201/token/create',
        body: { description: 'x', expiresAfterDays: 7, maxUses: 2, exportControlled: 'Allowed' },
      },
    ],
    [
      'create token legacy',
      createTokenCall('legacy', d, va, {}),
      { method: 'POST', path: '/v1/accounts/acme.example.com/virtual-accounts/5921%20EFT%201/tokens', body: { exportControlled: 'Not Allowed' } },
    ],
    ['list tokens apx', listTokensCall('apx', d, va), { method: 'GET', path: '/licensing/v1/account/acme.example.com/virtual-account/5921%20EFT%201/token/list' }],
    ['list tokens legacy', listTokensCall('legacy', d, va), { method: 'GET', path: '/v1/accounts/acme.example.com/virtual-accounts/5921%20EFT%201/tokens' }],
    [
      'revoke apx',
      revokeTokensCall('apx', d, va, ['a', 'b']),
      { method: 'POST', path: '/licensing/v1/account/acme.example.com/virtual-account/5921%20EFT%201/token/revoke', body: { tokens: ['a', 'b'] } },
    ],
    [
      'revoke legacy',
      revokeTokensCall('legacy', d, va, ['a']),
      { method: 'POST', path: '/v1/accounts/acme.example.com/virtual-accounts/5921%20EFT%201/tokens/revoke', body: { tokens: ['a'] } },
    ],
    [
      'licenses apx',
      licensesCall('apx', d, [va], 50, 100),
      { method: 'POST', path: '/licensing/v1/account/acme.example.com/report-usage-partner', body: { virtualAccounts: [va], limit: 50, offset: 100 } },
    ],
    ['licenses legacy', licensesCall('legacy', d, [], 10, 0), { method: 'POST', path: '/v1/accounts/acme.example.com/licenses', body: { virtualAccounts: [], limit: 10, offset: 0 } }],
    [
      'devices apx',
      devicesCall('apx', d, va, 50, 0),
      { method: 'GET', path: '/licensing/v2/accounts/acme.example.com/devices?virtualAccountName=5921+EFT+1&limit=50&offset=0' },
    ],
    [
      'devices legacy',
      devicesCall('legacy', d, va, 50, 50),
      { method: 'POST', path: '/v1/accounts/acme.example.com/devices', body: { virtualAccounts: [va], limit: 50, offset: 50 } },
    ],
    [
      'remove apx',
      removeDevicesCall('apx', d, va, [{ pid: 'P', sn: 'S', productTagName: 'T' }]),
      {
        method: 'POST',
        path: '/licensing/v3/accounts/acme.example.com/devices/remove?virtualAccountName=5921+EFT+1',
        body: { productInstancesRemoveRequests: [{ sudi: { udiPid: 'P', udiSerialNumber: 'S' }, productTagName: 'T' }] },
      },
    ],
    [
      'remove legacy (sic)',
      removeDevicesCall('legacy', d, va, [{ pid: 'P', sn: 'S' }]),
      {
        method: 'POST',
        path: '/v2/accounts/acme.example.com/virtual-accounts/5921%20EFT%201/devices/remove',
        body: { productInstacesRemoveRequests: [{ sudi: { udiPid: 'P', udiSerialNumber: 'S' } }] },
      },
    ],
    ['virtual accounts apx', virtualAccountsCall('apx', d), { method: 'GET', path: '/pnp/v2/accounts/acme.example.com/virtual-accounts' }],
    ['virtual accounts legacy', virtualAccountsCall('legacy', d), { method: 'GET', path: '/v1/accounts/acme.example.com/customer/virtual-accounts' }],
  ];
  for (const [name, got, want] of table) t.same(got, want, name);
});
