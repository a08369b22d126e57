import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import ssh2 from 'ssh2';
import { fingerprintOf, keyTypeOf, normalizeFingerprint } from '../../src/transport/fingerprint.js';
import {
  formatKnownHostLine,
  hostFieldMatches,
  knownHostName,
  lookupKnownHost,
  parseKnownHosts,
} from '../../src/transport/known-hosts.js';
import { generateEd25519 } from './helpers/ssh-server.js';

function keyPair(): { blob: Buffer; line: string; privateKey: string } {
  const pair = generateEd25519();
  const parsed = ssh2.utils.parseKey(pair.public);
  if (parsed instanceof Error) throw parsed;
  return { blob: parsed.getPublicSSH(), line: pair.public, privateKey: pair.private };
}

const dir = mkdtempSync(join(tmpdir(), 'smartlic-kh-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

t.test('fingerprints agree with ssh-keygen -lf', async (t) => {
  for (const type of ['ed25519', 'ecdsa', 'rsa'] as const) {
    const pair =
      type === 'rsa'
        ? ssh2.utils.generateKeyPairSync('rsa', { bits: 2048 })
        : type === 'ecdsa'
          ? ssh2.utils.generateKeyPairSync('ecdsa', { bits: 256 })
          : generateEd25519();
    const file = join(dir, `${type}.pub`);
    writeFileSync(file, `${pair.public}\n`);
    const printed = execFileSync('ssh-keygen', ['-lf', file], { encoding: 'utf8' }).split(' ')[1];
    const parsed = ssh2.utils.parseKey(pair.public);
    if (parsed instanceof Error) throw parsed;
    t.equal(fingerprintOf(parsed.getPublicSSH()), printed, type);
    t.equal(keyTypeOf(parsed.getPublicSSH()), parsed.type, `${type} key type`);
  }
});

t.test('normalizeFingerprint', async (t) => {
  const fp = fingerprintOf(keyPair().blob);
  const table: Array<[string, string | null]> = [
    [fp, fp],
    [`${fp}=`, fp],
    [` ${fp} `, fp],
    [fp.replace('SHA256:', ''), null],
    ['MD5:12:34', null],
    ['SHA256:short', null],
  ];
  for (const [input, expected] of table) t.equal(normalizeFingerprint(input), expected, input);
});

t.test('host names and patterns', async (t) => {
  t.equal(knownHostName('Router.Example.com', 22), 'router.example.com');
  t.equal(knownHostName('127.0.0.1', 2222), '[127.0.0.1]:2222');
  const table: Array<[string, string, boolean]> = [
    ['router1', 'router1', true],
    ['router1,router2', 'router2', true],
    ['router*', 'router9', true],
    ['router?', 'router10', false],
    ['*.example.com,!bad.example.com', 'bad.example.com', false],
    ['*.example.com,!bad.example.com', 'good.example.com', true],
    ['[127.0.0.1]:2222', '[127.0.0.1]:2222', true],
    ['127.0.0.1', '[127.0.0.1]:2222', false],
    ['[127.0.0.1]:2222', '127.0.0.1', false],
    ['ROUTER1', 'router1', true],
  ];
  for (const [field, name, expected] of table) t.equal(hostFieldMatches(field, name), expected, `${field} ~ ${name}`);
});

t.test('lookup: match, mismatch, unknown, revoked, markers, comments', async (t) => {
  const a = keyPair();
  const b = keyPair();
  const c = keyPair();
  const [typeA, keyA] = a.line.split(' ');
  const [typeB, keyB] = b.line.split(' ');
  const [typeC, keyC] = c.line.split(' ');
  const text = [
    '# comment line',
    '',
    `router1,10.0.0.1 ${typeA} ${keyA} admin@laptop`,
    `[127.0.0.1]:2222 ${typeB} ${keyB}`,
    `@cert-authority *.example.com ${typeC} ${keyC}`,
    `@revoked * ${typeC} ${keyC}`,
    'garbage line without key',
    `@unknown-marker router9 ${typeA} ${keyA}`,
  ].join('\n');
  const entries = parseKnownHosts(text);
  t.equal(entries.length, 4);
  t.equal(entries[0]?.line, 3);
  t.equal(lookupKnownHost(entries, 'router1', a.blob).status, 'match');
  t.equal(lookupKnownHost(entries, '10.0.0.1', a.blob).status, 'match');
  t.equal(lookupKnownHost(entries, 'router1', b.blob).status, 'mismatch');
  t.equal(lookupKnownHost(entries, '[127.0.0.1]:2222', b.blob).status, 'match');
  t.equal(lookupKnownHost(entries, '[127.0.0.1]:2223', b.blob).status, 'unknown');
  t.equal(lookupKnownHost(entries, 'router9', a.blob).status, 'unknown', 'unknown marker ignored');
  t.equal(lookupKnownHost(entries, 'host.example.com', c.blob).status, 'revoked');
});

t.test('hashed entries: ours and those ssh-keygen -H writes', async (t) => {
  const a = keyPair();
  const [type] = a.line.split(' ');
  const ours = formatKnownHostLine('[127.0.0.1]:40001', type ?? '', a.blob, { hashed: true });
  t.match(ours, /^\|1\|[A-Za-z0-9+/=]+\|[A-Za-z0-9+/=]+ ssh-ed25519 /);
  const oursEntries = parseKnownHosts(ours);
  t.equal(lookupKnownHost(oursEntries, '[127.0.0.1]:40001', a.blob).status, 'match');
  t.equal(lookupKnownHost(oursEntries, '[127.0.0.1]:40002', a.blob).status, 'unknown');

  const file = join(dir, 'known_hosts_hash');
  writeFileSync(file, `[127.0.0.1]:40001 ${a.line}\nrouter7 ${a.line}\n`);
  execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
  const hashed = readFileSync(file, 'utf8');
  t.notMatch(hashed, /router7|127\.0\.0\.1/, 'ssh-keygen hashed the names');
  const entries = parseKnownHosts(hashed);
  t.equal(lookupKnownHost(entries, '[127.0.0.1]:40001', a.blob).status, 'match');
  t.equal(lookupKnownHost(entries, 'router7', a.blob).status, 'match');
  t.equal(lookupKnownHost(entries, 'router8', a.blob).status, 'unknown');
  t.equal(lookupKnownHost(entries, 'router7', keyPair().blob).status, 'mismatch');
});

t.test('plain line round-trips through ssh-keygen -F', async (t) => {
  const a = keyPair();
  const file = join(dir, 'known_hosts_plain');
  writeFileSync(file, `${formatKnownHostLine(knownHostName('127.0.0.1', 40009), 'ssh-ed25519', a.blob)}\n`);
  const found = execFileSync('ssh-keygen', ['-F', '[127.0.0.1]:40009', '-f', file], { encoding: 'utf8' });
  t.match(found, /\[127\.0\.0\.1\]:40009 ssh-ed25519/);
});
