import t from 'tap';
import { join } from 'node:path';
import { inventoryFromObject, loadInventory } from '../../src/inventory/load.js';
import { PlaybookError } from '../../src/errors.js';
import { Secret, redactText } from '../../src/secret.js';

const FP = 'SHA256:' + 'A'.repeat(43);

function base(): Record<string, unknown> {
  return {
    cssm: {
      url: 'http://127.0.0.1:41000/',
      clientId: 'client-1',
      clientSecret: { $env: 'CSSM_SECRET' },
      smartAccount: 'sa.example.com',
      virtualAccount: 'Default',
    },
    defaults: { username: 'admin', password: { $env: 'DEV_PW' }, hostKeyPolicy: 'strict' },
    hosts: {
      'cbr8-1': { host: '127.0.0.1', port: 40001, netconfPort: 40002, platform: 'ios-xe', model: 'cBR-8', hostKey: FP, vars: { role: 'edge' } },
      'ncs1004-1': { host: '127.0.0.1', port: 40003, platform: 'ios-xr', model: 'NCS-1004', password: 'inline-pw', vars: { site: 'b' } },
    },
    groups: { cbr8: ['cbr8-1'], xr: ['ncs1004-1'] },
    vars: { site: 'a', domain: 'example.com' },
    groupVars: { xr: { site: 'xr-site', fcm: true } },
  };
}

t.test('a valid inventory resolves hosts with inherited settings, vars precedence and secrets', async (t) => {
  const inv = inventoryFromObject(base(), 'inv.json', { env: { DEV_PW: 'pw-from-env-123', CSSM_SECRET: 'cssm-secret-xyz' } });
  t.same(inv.hostNames, ['cbr8-1', 'ncs1004-1']);
  const [cbr, ncs] = inv.resolveHosts();
  t.equal(cbr!.username, 'admin');
  t.ok(cbr!.password instanceof Secret);
  t.equal(cbr!.password!.reveal(), 'pw-from-env-123');
  t.equal(cbr!.port, 40001);
  t.equal(cbr!.netconfPort, 40002);
  t.equal(cbr!.hostKey, FP);
  t.equal(cbr!.hostKeyPolicy, 'strict');
  t.equal(cbr!.transport, 'cli');
  t.same(cbr!.vars, { site: 'a', domain: 'example.com', role: 'edge' });
  t.same(ncs!.vars, { site: 'b', domain: 'example.com', fcm: true }, 'host vars beat group vars beat inventory vars');
  t.equal(ncs!.password!.reveal(), 'inline-pw');
  t.equal(ncs!.netconfPort, 830);
  t.same(ncs!.groups, ['xr']);
  t.equal(inv.cssm!.url, 'http://127.0.0.1:41000');
  t.equal(inv.cssm!.clientSecret.reveal(), 'cssm-secret-xyz');
  t.notMatch(JSON.stringify(inv.resolveHosts()), /pw-from-env-123|inline-pw/);
});

t.test('missing secrets are reported with their pointer, only for selected hosts', async (t) => {
  const inv = inventoryFromObject(base(), 'inv.json', { env: {} });
  t.same(inv.resolveHosts('ncs1004-1').map((h) => h.name), ['ncs1004-1'], 'host with an inline password resolves');
  const err = t.throws(() => inv.resolveHosts('cbr8')) as PlaybookError;
  t.equal(err.code, 'E_SECRET_MISSING');
  t.same(err.issues, [{ pointer: '/defaults/password', message: 'environment variable DEV_PW is not set' }]);
  t.throws(() => inv.cssm, { code: 'E_SECRET_MISSING', message: /\/cssm\/clientSecret: environment variable CSSM_SECRET is not set/ });
});

t.test('malformed inventories: each mistake gets a pointer and what was expected', async (t) => {
  type Mutate = (inv: Record<string, any>) => void;
  const table: Array<[string, Mutate, string, RegExp]> = [
    ['no hosts', (i) => delete i.hosts, '', /missing required property "hosts"/],
    ['unknown top-level key', (i) => (i.hostz = {}), '/hostz', /unknown property "hostz"/],
    ['port out of range', (i) => (i.hosts['cbr8-1'].port = 70000), '/hosts/cbr8-1/port', /must be <= 65535/],
    ['bad platform', (i) => (i.hosts['cbr8-1'].platform = 'junos'), '/hosts/cbr8-1/platform', /must be one of: "ios-xe", "ios-xr"/],
    ['bad host key policy', (i) => (i.defaults.hostKeyPolicy = 'yolo'), '/defaults/hostKeyPolicy', /must be one of/],
    ['bad fingerprint', (i) => (i.hosts['cbr8-1'].hostKey = 'MD5:aa'), '/hosts/cbr8-1/hostKey', /does not match the expected form/],
    ['secret ref typo', (i) => (i.defaults.password = { $evn: 'X' }), '/defaults/password', /must be a string, \{"\$env": …\} or \{"\$file": …\}/],
    ['host without address', (i) => delete i.hosts['cbr8-1'].host, '/hosts/cbr8-1', /missing required property "host"/],
    ['bad host name', (i) => (i.hosts['bad name'] = { host: 'x' }), '/hosts/bad name', /^has an invalid property name "bad name"$/],
    ['group with unknown host', (i) => i.groups.cbr8.push('cbr8-9'), '/groups/cbr8/1', /unknown host "cbr8-9"/],
    ['groupVars of unknown group', (i) => (i.groupVars.nope = {}), '/groupVars/nope', /unknown group "nope"/],
    ['no username anywhere', (i) => delete i.defaults.username, '/hosts/cbr8-1', /no username/],
    ['no credentials', (i) => { delete i.defaults.password; delete i.hosts['ncs1004-1'].password; }, '/hosts/cbr8-1', /no credentials/],
    ['cssm url not http', (i) => (i.cssm.url = 'ftp://x'), '/cssm/url', /does not match the expected form/],
    ['newline in host', (i) => (i.hosts['cbr8-1'].host = '127.0.0.1\nshow run'), '/hosts/cbr8-1/host', /does not match/],
  ];
  for (const [name, mutate, pointer, message] of table) {
    const data = base();
    mutate(data);
    const err = t.throws(() => inventoryFromObject(data, 'inv.json', { env: {} }), name) as PlaybookError;
    t.equal(err.code, 'E_INVENTORY', name);
    const hit = err.issues.find((i) => i.pointer === pointer);
    t.ok(hit, `${name}: an issue at ${JSON.stringify(pointer)} (got ${JSON.stringify(err.issues)})`);
    if (hit) t.match(hit.message, message, name);
  }
});

t.test('files: JSON, YAML, $file secrets relative to the inventory, read errors', async (t) => {
  const dir = t.testdir({
    'pw.txt': 'file-password-789\n',
    'inv.yaml': [
      'defaults:',
      '  username: admin',
      '  password: { $file: pw.txt }',
      'hosts:',
      '  r1: { host: 127.0.0.1, port: 2222, platform: ios-xe }',
      '',
    ].join('\n'),
    'broken.json': '{ "hosts": ',
    'missing-file-secret.json': JSON.stringify({ defaults: { username: 'a', password: { $file: 'nope.txt' } }, hosts: { r1: { host: 'h' } } }),
    'empty.txt': '',
    'empty-secret.json': JSON.stringify({ defaults: { username: 'a', password: { $file: 'empty.txt' } }, hosts: { r1: { host: 'h' } } }),
  });
  const inv = await loadInventory(join(dir, 'inv.yaml'));
  t.equal(inv.resolveHosts()[0]!.password!.reveal(), 'file-password-789');
  await t.rejects(loadInventory(join(dir, 'broken.json')), { code: 'E_INVENTORY', message: /not valid JSON/ });
  await t.rejects(loadInventory(join(dir, 'absent.json')), { code: 'E_INVENTORY', message: /cannot read inventory \(ENOENT\)/ });
  const bad = await loadInventory(join(dir, 'missing-file-secret.json'));
  t.throws(() => bad.resolveHosts(), { code: 'E_SECRET_MISSING', message: /secret file nope.txt cannot be read \(ENOENT\)/ });
  const empty = await loadInventory(join(dir, 'empty-secret.json'));
  t.throws(() => empty.resolveHosts(), { code: 'E_SECRET_MISSING', message: /secret file empty.txt is empty/ });
});

t.test('selection errors are inventory errors', async (t) => {
  const inv = inventoryFromObject(base(), 'inv.json', { env: {} });
  t.same(inv.select('xr'), ['ncs1004-1']);
  t.throws(() => inv.select('nope'), { code: 'E_INVENTORY', message: /"nope" matches no host or group/ });
});

t.test('a password equal to its username prints as ***, is scrubbed where written as a password, not where it names the user', async (t) => {
  const user = 'labuser-41c7';
  const inv = inventoryFromObject(
    {
      hosts: {
        lab: { host: '127.0.0.1', username: user, password: user },
        real: { host: '127.0.0.1', username: 'ops', password: 'real-secret-8d21' },
      },
    },
    'inv.json',
  );
  const [lab, real] = inv.resolveHosts();
  t.equal(String(lab!.password), '***');
  t.equal(lab!.password!.reveal(), user);
  t.equal(redactText(`Configured from console by ${user} on vty0`), `Configured from console by ${user} on vty0`, 'the username stays readable');
  t.equal(redactText(`username ${user} privilege 15 password 0 ${user}`), `username ${user} privilege 15 password 0 ***`, 'but not the password written as one');
  t.equal(redactText(`{"username":"${user}","password":"${user}"}`), `{"username":"${user}","password":"***"}`);
  t.equal(real!.password!.reveal(), 'real-secret-8d21');
  t.equal(redactText('echo real-secret-8d21'), 'echo ***', 'any other password is scrubbed from text');
});
