import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ManualClock } from '../../../src/clock.js';
import { InvalidArgumentError } from '../../../src/errors.js';
import { startCssm } from '../../../src/emulator/cssm/index.js';
import { CBR8, postDevice } from './helpers.js';

t.test('state survives a restart: tokens, instances (with their certificates), licenses', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'state', 'cssm.json');
  const clock = new ManualClock('2026-03-01T00:00:00Z');
  const first = await startCssm({ https: false, clock, persistPath: file, clientSecret: 'persist-secret-1' });
  const token = first.createToken({ description: 'kept', maxUses: 2 });
  const reg = await postDevice(first.url, { messageType: 'REGISTER', udi: CBR8, hostname: 'cbr8-1', idToken: token.token.reveal(), usage: [{ tag: 'US_License', count: 3 }] });
  first.setLicense({ tag: 'WAN_License', quantity: 7 });
  const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  t.equal(saved['version'], 1, 'written on change, readable while running');
  t.notMatch(readFileSync(file, 'utf8'), 'persist-secret-1', 'the API client secret is not persisted');
  await first.close();

  const second = await startCssm({ https: false, clock, persistPath: file, smartAccounts: [{ name: 'Ignored', domain: 'ignored.example', virtualAccounts: [{ name: 'X' }] }] });
  t.teardown(() => second.close());
  t.equal(second.smartAccountName, 'Forty-Two uLtd.', 'the saved accounts win over seeds');
  const tokens = second.listTokens();
  t.equal(tokens.length, 1);
  t.ok(tokens[0]?.token.equals(token.token));
  t.equal(tokens[0]?.uses, 1);
  t.equal(tokens[0]?.description, 'kept');
  const pi = second.findProductInstance(CBR8);
  t.equal(pi?.hostname, 'cbr8-1');
  t.equal(pi?.idCertSerial, reg.body['idCert'].serial);
  t.equal(second.licenseUsage().find((u) => u.key === 'WAN_License')?.quantity, 7);
  t.equal(second.licenseUsage().find((u) => u.key === 'US_License')?.inUse, 3);

  const renew = await postDevice(second.url, { messageType: 'RENEW_AUTH', udi: CBR8, idCertSerial: reg.body['idCert'].serial, usage: [] });
  t.equal(renew.body['status'], 'SUCCESS', 'the device keeps working with the certificate from before the restart');
  const next = await postDevice(second.url, { messageType: 'REGISTER', udi: { pid: 'P', sn: 'N1' }, idToken: token.token.reveal() });
  t.equal(Number(next.body['idCert'].serial), Number(reg.body['idCert'].serial) + 1, 'certificate serials continue');
  const again = await postDevice(second.url, { messageType: 'REGISTER', udi: { pid: 'P', sn: 'N2' }, idToken: token.token.reveal() });
  t.equal(again.body['error'].code, 'TOKEN_USED_UP', 'use counts survive');
});

t.test('an unreadable or foreign state file is refused with a typed error', async (t) => {
  const dir = t.testdir({ 'bad.json': '{nope', 'foreign.json': JSON.stringify({ version: 2, tokens: {} }) });
  await t.rejects(startCssm({ https: false, persistPath: join(dir, 'bad.json') }), { code: 'E_INVALID_ARGUMENT', message: /bad\.json is not valid JSON/ });
  const error = await startCssm({ https: false, persistPath: join(dir, 'foreign.json') }).catch((e: unknown) => e);
  t.ok(error instanceof InvalidArgumentError);
  t.match((error as Error).message, /version must be 1, got 2; smartAccounts must be an array; tokens must be an array/);
  writeFileSync(join(dir, 'bad.json'), '');
  await t.rejects(startCssm({ https: false, persistPath: join(dir, 'bad.json') }), { code: 'E_INVALID_ARGUMENT' });
});
