import t from 'tap';
import { Grammar } from '../../../../src/emulator/device/cli/grammar.js';
import { parseTokens } from '../../../../src/emulator/device/cli/parse.js';
import { applyPipes, parsePipes, splitAtPipes } from '../../../../src/emulator/device/cli/pipes.js';
import { compileSyntax } from '../../../../src/emulator/device/cli/syntax.js';
import { tokenize } from '../../../../src/emulator/device/cli/tokenize.js';
import { inputErrorLines } from '../../../../src/emulator/device/cli/error-text.js';

const SYNTAXES = [
  'show version',
  'show running-config',
  'show running-config interface <if:ifname>',
  'show clock',
  'show call-home profile <name:word>',
  'configure terminal',
  'configure exclusive',
  'copy running-config <dest:word>',
  'ip name-server [vrf <vrf:word>] <s1:ip> [<s2:ip>]',
  'http-proxy <host:host> port <port:number(1-65535)>',
  'destination preferred-msg-format {long-text|short-text|xml}:format',
  'license smart register idtoken <token:word:secret> [force]',
  'description <text:line>',
];

const grammar = new Grammar(SYNTAXES.map((s) => ({ sequences: compileSyntax(s), payload: s, label: s })));
const ctx = { interfaceTypes: ['GigabitEthernet', 'TenGigabitEthernet', 'Loopback'] };
const parse = (line: string) => parseTokens(grammar, line, tokenize(line), ctx);

t.test('keywords match by unique prefix; exact match wins', async (t) => {
  const table: [string, string][] = [
    ['sh ver', 'show version'],
    ['sh run', 'show running-config'],
    ['SHOW VERSION', 'show version'],
    ['conf t', 'configure terminal'],
    ['config term', 'configure terminal'],
    ['conf ex', 'configure exclusive'],
    ['sh run int gi0/0/0', 'show running-config interface <if:ifname>'],
    ['sh run int Gi 0/0/0', 'show running-config interface <if:ifname>'],
    ['sh cl', 'show clock'],
  ];
  for (const [line, syntax] of table) {
    const r = parse(line);
    t.ok(r.ok, line);
    if (r.ok) t.equal(r.command.payload, syntax, line);
  }
});

t.test('typed arguments are recorded, normalised, and keyword groups named', async (t) => {
  let r = parse('sh run int gi 0/0/1');
  t.ok(r.ok && r.command.args['if'] === 'GigabitEthernet0/0/1');
  r = parse('ip name-server vrf Mgmt 198.51.100.1 2001:db8::1');
  t.ok(r.ok);
  if (r.ok) t.same(r.command.args, { vrf: 'Mgmt', s1: '198.51.100.1', s2: '2001:db8::1' });
  r = parse('http-proxy proxy.example.com port 3128');
  t.ok(r.ok && r.command.args['port'] === '3128');
  r = parse('destination preferred-msg-format x');
  t.ok(r.ok && r.command.groups['format'] === 'xml');
  r = parse('description uplink to  core | fast');
  t.ok(r.ok && r.command.args['text'] === 'uplink to  core | fast', 'line arguments keep inner spacing');
  r = parse('license smart register idtoken TOKEN123 force');
  t.ok(r.ok);
  if (r.ok) {
    t.ok(r.command.keywords.has('force'));
    t.same(r.command.secrets, [[31, 39]], 'secret argument span');
    t.same(r.command.words, ['license', 'smart', 'register', 'idtoken', 'TOKEN123', 'force']);
  }
  r = parse('show call-home profile "CiscoTAC-1"');
  t.ok(r.ok && r.command.args['name'] === 'CiscoTAC-1', 'quotes are removed from word arguments');
});

t.test('errors: invalid input points at the offending token, incomplete, ambiguous', async (t) => {
  const table: [string, string, number | undefined][] = [
    ['show vlan', 'invalid', 5],
    ['show version extra', 'invalid', 13],
    ['shoe version', 'invalid', 0],
    ['http-proxy 1.2.3.4 port 70000', 'invalid', 24],
    ['http-proxy bad_host! port 1', 'invalid', 11],
    ['show', 'incomplete', undefined],
    ['configure', 'incomplete', undefined],
    ['ip name-server vrf', 'incomplete', undefined],
    ['sh c', 'ambiguous', 3],
    ['c', 'ambiguous', 0],
  ];
  for (const [line, error, offset] of table) {
    const r = parse(line);
    t.notOk(r.ok, line);
    if (!r.ok) {
      t.equal(r.error, error, line);
      if (offset !== undefined && r.error !== 'incomplete') t.equal(r.offset, offset, `${line} offset`);
    }
  }
});

t.test('IOS error texts: caret under the offending character, counting the prompt', async (t) => {
  t.same(inputErrorLines('ios-xe', 'invalid', 'Router#', 'show vlan', 5), [
    '            ^',
    "% Invalid input detected at '^' marker.",
    '',
  ]);
  t.same(inputErrorLines('ios-xr', 'invalid', 'RP/0/RP0/CPU0:ios#', 'show foo', 5), [
    `${' '.repeat(23)}^`,
    "% Invalid input detected at '^' marker.",
  ]);
  t.same(inputErrorLines('ios-xe', 'incomplete', 'Router#', 'show', 0), ['% Incomplete command.', '']);
  t.same(inputErrorLines('ios-xe', 'ambiguous', 'Router#', 'sh c ', 0), ['% Ambiguous command:  "sh c"']);
});

t.test('syntax errors in definitions are refused', async (t) => {
  t.throws(() => compileSyntax('show [version'), /missing \]/);
  t.throws(() => compileSyntax('show <x:nonsense>'), /unknown argument type/);
  t.throws(() => compileSyntax(''), /empty/);
  t.throws(
    () => new Grammar(['show a', 'show a'].map((s, i) => ({ sequences: compileSyntax(s), payload: i, label: `${s}#${i}` }))),
    /duplicates/,
  );
});

t.test('pipes: IOS-XE takes the rest of the line as one regex, IOS-XR chains filters', async (t) => {
  const lines = ['hostname Router', 'call-home', ' contact-email-addr a@b.c', ' profile "CiscoTAC-1"', '  active', 'interface Loopback0', ' no ip address', 'end'];
  const filter = (platform: 'ios-xe' | 'ios-xr', line: string) => {
    const tokens = tokenize(line);
    const parts = splitAtPipes(platform, tokens);
    const parsed = parsePipes(platform, line, parts.slice(1));
    if (!parsed.ok) throw new Error(`pipe parse failed: ${JSON.stringify(parsed)}`);
    return applyPipes(lines, parsed.filters);
  };
  t.same(filter('ios-xe', 'show run | include hostname|interface'), ['hostname Router', 'interface Loopback0']);
  t.same(filter('ios-xe', 'show run | i active'), ['  active']);
  t.same(filter('ios-xe', 'show run | sec call-home'), ['call-home', ' contact-email-addr a@b.c', ' profile "CiscoTAC-1"', '  active']);
  t.same(filter('ios-xe', 'show run | begin interface'), ['interface Loopback0', ' no ip address', 'end']);
  t.same(filter('ios-xe', 'show run | exclude ^\\s'), ['hostname Router', 'call-home', 'interface Loopback0', 'end']);
  t.same(filter('ios-xe', 'show run | count profile'), ['Number of lines which match regexp = 1']);
  t.same(filter('ios-xr', 'show run | include e | utility head -n 2'), ['hostname Router', 'call-home']);
  t.same(filter('ios-xr', 'show run | utility tail -n 1'), ['end']);
  t.same(filter('ios-xr', 'show run | i "no ip"'), [' no ip address']);
  const bad = parsePipes('ios-xe', 'show run | frobnicate x', splitAtPipes('ios-xe', tokenize('show run | frobnicate x')).slice(1));
  t.ok(!bad.ok && bad.error === 'invalid' && bad.offset === 11);
});

t.test('configuration grammar: `no` forms, single-valued keys, abbreviated negation', async (t) => {
  const { CommandSet } = await import('../../../../src/emulator/device/cli/command-set.js');
  const { iosXeEmulation } = await import('../../../../src/emulator/device/platforms/index.js');
  const set = CommandSet.of(iosXeEmulation);
  const parseIn = (mode: string, line: string) => parseTokens(set.grammar(mode), line, tokenize(line), iosXeEmulation.argContext);
  const table: [string, string, string][] = [
    ['config', 'no ip name-server', 'negated partial'],
    ['config', 'no ip name-server 198.51.100.1', 'negated'],
    ['config', 'no ip domain name', 'negated partial'],
    ['config', 'no ip domain-name', 'negated partial'],
    ['config', 'no hostname', 'negated partial'],
    ['cfg-call-home', 'no http-proxy', 'negated partial'],
    ['cfg-call-home-profile', 'no destination transport-method email', 'negated'],
    ['ca-trustpoint', 'no enrollment', 'negated partial'],
    ['config', 'hostname R1', 'positive'],
  ];
  for (const [mode, line, expected] of table) {
    const r = parseIn(mode, line);
    t.ok(r.ok, `${mode}: ${line}`);
    if (r.ok && r.command.payload.kind === 'config') {
      const { negated, partial } = r.command.payload;
      t.equal(negated ? (partial ? 'negated partial' : 'negated') : 'positive', expected, line);
    }
  }
  const vrf = parseIn('config', 'no ip name-server vrf');
  t.ok(!vrf.ok && vrf.error === 'incomplete', 'no ip name-server vrf is incomplete');
  const show = parseIn('config', 'show running-config');
  t.ok(!show.ok && show.error === 'invalid' && show.offset === 0, 'show is not a configuration command on IOS-XE');
});
