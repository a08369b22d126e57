import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaybookError } from '../../src/errors.js';
import { inventoryFromObject } from '../../src/inventory/load.js';
import { createTaskRegistry } from '../../src/playbook/builtin-tasks.js';
import { loadPlaybook, preparePlaybook, readPlaybook, validatePlaybook, type PrepareOptions } from '../../src/playbook/prepare.js';
import { ENV, SECRETS, inventory, inventoryObject, recordingRegistry } from './fixtures.js';

type Doc = Record<string, unknown>;

function playbook(tasks: unknown[], extra: Doc = {}): Doc {
  return { name: 'test', hosts: 'all', ...extra, tasks };
}

function prepare(document: unknown, options: Partial<PrepareOptions> = {}) {
  const rec = recordingRegistry();
  const result = preparePlaybook(
    { document, file: 'pb.json', baseDir: '/nonexistent' },
    { registry: rec.registry, inventory: inventory(), env: ENV, ...options },
  );
  return { result, calls: rec.calls };
}

function issuesOf(errors: readonly PlaybookError[]): string[] {
  return errors.flatMap((e) => e.issues.map((i) => `${e.code} ${e.file} ${i.pointer}: ${i.message}`));
}

const status = { status: {} };

t.test('each kind of mistake: its pointer, what was expected, and nothing prepared to run', async (t) => {
  const table: { name: string; doc: unknown; expect: RegExp; options?: Partial<PrepareOptions> }[] = [
    { name: 'not an object', doc: [], expect: /^E_PLAYBOOK pb\.json : must be object$/ },
    { name: 'no name', doc: { hosts: 'all', tasks: [status] }, expect: /E_PLAYBOOK pb\.json : missing required property "name"/ },
    { name: 'unknown top-level field', doc: playbook([status], { host: 'all' }), expect: /\/host: unknown property "host"/ },
    { name: 'no tasks', doc: playbook([]), expect: /\/tasks: must NOT have fewer than 1 items/ },
    { name: 'bad serial', doc: playbook([status], { serial: '150%' }), expect: /\/serial: must be an integer or a string matching/ },
    { name: 'bad maxFailPercentage', doc: playbook([status], { maxFailPercentage: 101 }), expect: /\/maxFailPercentage: must be <= 100/ },
    { name: 'a task without a type', doc: playbook([{ name: 'x' }]), expect: /\/tasks\/0: has no task type; use one of: configure, register/ },
    { name: 'two task types', doc: playbook([{ status: {}, show: { command: 'show version' } }]), expect: /\/tasks\/0: has 2 task types \(status, show\); a task has exactly one/ },
    { name: 'a misspelt task type', doc: playbook([{ regster: {} }]), expect: /\/tasks\/0\/regster: unknown task type or field "regster" \(did you mean "register"\?\)/ },
    { name: 'a misspelt field', doc: playbook([{ status: {}, whenn: 'true' }]), expect: /\/tasks\/0\/whenn: unknown task type or field "whenn" \(did you mean "when"\?\)/ },
    { name: 'unknown parameter', doc: playbook([{ status: { verbose: true } }]), expect: /\/tasks\/0\/status\/verbose: unknown property "verbose"/ },
    { name: 'renew kind', doc: playbook([{ renew: { kind: 'token' } }]), expect: /\/tasks\/0\/renew\/kind: must be one of: "id", "auth"/ },
    { name: 'renew without kind', doc: playbook([{ renew: {} }]), expect: /\/tasks\/0\/renew: missing required property "kind"/ },
    { name: 'inline token', doc: playbook([{ register: { token: 'abc' } }]), expect: /\/tasks\/0\/register\/token: must be \{"\$env": …\} or \{"\$file": …\}/ },
    {
      name: 'token through a plain variable',
      doc: playbook([{ register: { token: '{{ tok }}' } }], { vars: { tok: 'plain-text-token' } }),
      expect: /\/tasks\/0\/register\/token: must be \{"\$env": …\} or \{"\$file": …\}/,
    },
    { name: 'show with a newline', doc: playbook([{ show: { command: 'show version\nreload' } }]), expect: /\/tasks\/0\/show\/command: contains a line break/ },
    { name: 'show with ?', doc: playbook([{ show: { command: 'show license ?' } }]), expect: /\/tasks\/0\/show\/command: contains "\?"/ },
    { name: 'show with a control character', doc: playbook([{ show: { command: 'show ver\u0015' } }]), expect: /contains a control character/ },
    { name: 'not a show command', doc: playbook([{ show: { command: 'reload in 5' } }]), expect: /\/tasks\/0\/show\/command: must start with "show"/ },
    { name: 'a show that writes', doc: playbook([{ show: { command: 'sh run | redirect bootflash:x' } }]), expect: /"\| redirect" is not allowed/ },
    { name: 'a show with a separator', doc: playbook([{ show: { command: 'show version;reload' } }]), expect: /has "version;reload": a show command's words hold only/ },
    { name: 'show through a template', doc: playbook([{ show: { command: '{{ cmd }}' } }], { vars: { cmd: 'copy run start' } }), expect: /\/tasks\/0\/show\/command: must start with "show"/ },
    { name: 'when syntax', doc: playbook([{ status: {}, when: "role = 'edge'" }]), expect: /\/tasks\/0\/when: syntax error at column 6: use "==" to compare/ },
    { name: 'when on a variable no host has', doc: playbook([{ status: {}, when: "rol == 'edge'" }]), expect: /\/tasks\/0\/when: "rol" is not defined for any host/ },
    { name: 'when type error', doc: playbook([{ status: {}, when: "site > 3" }]), expect: /\/tasks\/0\/when: ">" compares two numbers or two strings, got string "lab" and number 3/ },
    { name: 'template syntax', doc: playbook([{ show: { command: 'show {{ x' } }]), expect: /\/tasks\/0\/show\/command: template "\{\{" at character 6 is not closed/ },
    { name: 'undefined variable in a template', doc: playbook([{ show: { command: 'show {{ nope }}' } }]), expect: /\/tasks\/0\/show\/command: "nope" is not defined$/ },
    {
      name: 'a registered variable used too early',
      doc: playbook([{ verify: { that: ["st.value.x == 1"] } }, { status: {}, registerAs: 'st', name: 'read' }]),
      expect: /\/tasks\/0\/verify\/that\/0: "st" is registered by task 1 \("read"\), which runs after this one/,
    },
    {
      name: 'a task reading its own registration',
      doc: playbook([{ status: {}, registerAs: 'st', when: 'st.failed' }]),
      expect: /\/tasks\/0\/when: "st" is registered by this task; it is defined only for later tasks/,
    },
    { name: 'reserved registerAs', doc: playbook([{ status: {}, registerAs: 'host' }]), expect: /\/tasks\/0\/registerAs: "host" is reserved/ },
    { name: 'reserved var', doc: playbook([status], { vars: { playbook: 1 } }), expect: /\/vars\/playbook: "playbook" is reserved/ },
    { name: 'reserved setVars', doc: playbook([{ setVars: { result: 1 } }]), expect: /\/tasks\/0\/setVars\/result: "result" is reserved/ },
    { name: 'bad var name', doc: playbook([status], { vars: { 'a-b': 1 } }), expect: /\/vars\/a-b: has an invalid property name "a-b"/ },
    { name: 'wait polls a wait', doc: playbook([{ wait: { task: { wait: { task: status, until: 'true', timeout: 1 } }, until: 'true', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/task\/wait: a wait cannot poll another wait/ },
    { name: 'wait interval > timeout', doc: playbook([{ wait: { task: status, until: 'result.failed', interval: '2m', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/interval: is longer than the timeout \(1m\)/ },
    { name: 'wait polls too often', doc: playbook([{ wait: { task: status, until: 'result.failed', interval: '1ms', timeout: '1h' } }]), expect: /would poll more than 10000 times/ },
    { name: 'wait until syntax', doc: playbook([{ wait: { task: status, until: 'result.failed ==', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/until: syntax error at column 17: unexpected end/ },
    { name: 'wait until reads a typo', doc: playbook([{ wait: { task: status, until: 'resutl.failed', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/until: "resutl" is not defined for any host/ },
    { name: 'wait duration', doc: playbook([{ wait: { task: status, until: 'result.failed', timeout: '10 minutes' } }]), expect: /\/tasks\/0\/wait\/timeout: must be an integer or a string matching/ },
    { name: 'wait of an unknown task', doc: playbook([{ wait: { task: { stauts: {} }, until: 'result.failed', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/task\/stauts: unknown property "stauts"/ },
    { name: 'wait of a bad task', doc: playbook([{ wait: { task: { show: { command: 'reload' } }, until: 'result.failed', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/task\/show\/command: must start with "show"/ },
    {
      name: 'a template inside an expression (it could turn data into syntax)',
      doc: playbook([{ status: {}, registerAs: 'st' }, { verify: { that: ["st.value.name == '{{ site }}'"] } }]),
      expect: /\/tasks\/1\/verify\/that\/0: is an expression: use variables in it directly \(st\.value\.status\), not \{\{ templates \}\}/,
    },
    {
      name: 'a template inside until',
      doc: playbook([{ wait: { task: status, until: "result.value.x == '{{ site }}'", timeout: '1m' } }]),
      expect: /\/tasks\/0\/wait\/until: is an expression: use variables in it directly/,
    },
    { name: 'a template as a verify path', doc: playbook([{ verify: { that: [{ path: '{{ p }}', exists: true }] } }]), expect: /\/tasks\/0\/verify\/that\/0\/path: is an expression/ },
    { name: 'wait polls a verify', doc: playbook([{ wait: { task: { verify: { that: ['true'] } }, until: 'result.failed', timeout: '1m' } }]), expect: /\/tasks\/0\/wait\/task\/verify: a wait does not poll a verify; put the condition in "until"/ },
    { name: 'verify regex', doc: playbook([{ verify: { that: [{ path: 'site', matches: '(' }] } }]), expect: /\/tasks\/0\/verify\/that\/0\/matches: invalid regular expression/ },
    { name: 'verify path', doc: playbook([{ verify: { that: [{ path: 'site ==', equals: 1 }] } }]), expect: /\/tasks\/0\/verify\/that\/0\/path: syntax error/ },
    { name: 'verify without operator', doc: playbook([{ verify: { that: [{ path: 'site' }] } }]), expect: /\/tasks\/0\/verify\/that\/0: must be a string or \{"path": …\}/ },
    { name: 'intent against its schema', doc: playbook([{ configure: { intent: { dns: { nameServer: ['dns.example'] } } } }]), expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer\/0: does not match the expected form/ },
    { name: 'intent values beyond the schema', doc: playbook([{ configure: { intent: { dns: { nameServer: ['192.0.2.300'] } } } }]), expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer\/0: must be an IPv4 or IPv6 address/ },
    {
      name: 'intent against the host platform',
      doc: playbook([{ configure: { intent: { trust: { trustpool: { crlOptional: true } } } } }], { hosts: 'cbr8-1' }),
      expect: /\/tasks\/0\/configure\/intent\/trust\/trustpool: .*IOS-XR/,
    },
    { name: 'intent unknown field', doc: playbook([{ configure: { intent: { dsn: {} } } }]), expect: /\/tasks\/0\/configure\/intent\/dsn: unknown property "dsn"/ },
    {
      name: 'intent rendered per host: only the host with a bad value',
      doc: playbook([{ configure: { intent: { dns: { nameServer: '{{ dns }}' } } } }]),
      expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer\/0: does not match the expected form .* \(host cbr8-2\)$/,
    },
    { name: 'unknown host pattern', doc: playbook([status], { hosts: 'cbr9' }), expect: /E_PLAYBOOK pb\.json \/hosts: host pattern "cbr9" matches no host or group in inventory inv\.json/ },
    { name: 'unknown --limit', doc: playbook([status]), options: { limit: 'ncs560' }, expect: /E_INVENTORY inv\.json : --limit "ncs560": host pattern "ncs560" matches no host or group/ },
    { name: 'hosts and --limit disjoint', doc: playbook([status], { hosts: 'cbr8' }), options: { limit: 'ncs1004' }, expect: /\/hosts: no host matches both "cbr8" and --limit "ncs1004"/ },
    { name: 'missing env secret', doc: playbook([status], { vars: { token: { $env: 'NOT_SET_ANYWHERE' } } }), expect: /E_SECRET_MISSING pb\.json \/vars\/token: environment variable NOT_SET_ANYWHERE is not set/ },
    { name: 'missing file secret', doc: playbook([{ register: { token: { $file: 'token.txt' } } }]), expect: /E_SECRET_MISSING pb\.json \/tasks\/0\/register\/token: secret file token.txt cannot be read \(ENOENT\)/ },
    { name: 'malformed secret reference', doc: playbook([status], { vars: { token: { $env: 'A', other: 1 } } }), expect: /\/vars\/token: a secret reference has exactly one key \("\$env"\)/ },
    { name: 'missing connection secret', doc: playbook([status]), options: { inventory: inventoryFromObject(inventoryObject(), 'inv.json', { env: {} }) }, expect: /E_SECRET_MISSING inv\.json \/defaults\/password: environment variable DEV_PW is not set/ },
  ];
  for (const c of table) {
    const { result, calls } = prepare(c.doc, c.options);
    t.equal(result.ok, false, `${c.name}: refused`);
    if (result.ok) continue;
    const issues = issuesOf(result.errors);
    t.ok(issues.some((i) => c.expect.test(i)), `${c.name}: ${c.expect}\n  got: ${issues.join('\n       ')}`);
    t.same(calls, [], `${c.name}: nothing ran`);
  }
});

t.test('every error is reported at once, grouped by code and file, in document order', async (t) => {
  const { result } = prepare(
    playbook(
      [
        { show: { command: 'reload' } },
        { renew: { kind: 'x' } },
        { register: { token: { $env: 'NO_SUCH_TOKEN' } }, when: 'nope ==' },
      ],
      { hosts: 'all', vars: { pw: { $env: 'NO_SUCH_VAR' } }, serial: 0 },
    ),
  );
  t.notOk(result.ok);
  if (result.ok) return;
  t.same(
    result.errors.map((e) => [e.code, e.file]),
    [
      ['E_PLAYBOOK', 'pb.json'],
      ['E_SECRET_MISSING', 'pb.json'],
    ],
  );
  t.same(
    (result.errors[0] as PlaybookError).issues.map((i) => i.pointer),
    ['/serial', '/tasks/0/show/command', '/tasks/1/renew/kind', '/tasks/2/when'],
  );
  t.same(
    (result.errors[1] as PlaybookError).issues.map((i) => i.pointer),
    ['/vars/pw', '/tasks/2/register/token'],
  );
});

t.test('a valid playbook: hosts ∩ limit, batches, tasks, check mode', async (t) => {
  const { result } = prepare(
    playbook(
      [
        { name: 'read', status: {}, registerAs: 'st', tags: ['read'] },
        { verify: { that: [{ path: 'st.value.registration.status', equals: 'registered' }] }, when: "role is defined and role == 'edge'" },
        { register: { token: '{{ token }}' }, ignoreErrors: true },
      ],
      { hosts: 'all,!ncs1004-1', serial: '50%', check: true, vars: { token: { $env: 'SMARTLIC_TOKEN' } }, maxFailPercentage: 0 },
    ),
    { limit: 'cbr8*' },
  );
  t.ok(result.ok, result.ok ? '' : issuesOf(result.errors).join('\n'));
  if (!result.ok) return;
  const p = result.playbook;
  t.same(p.hosts.map((h) => h.host.name), ['cbr8-1', 'cbr8-2']);
  t.same(p.batches, [['cbr8-1'], ['cbr8-2']]);
  t.equal(p.check, true);
  t.equal(p.maxFailPercentage, 0);
  t.same(
    p.tasks.map((x) => [x.index, x.name, x.type, x.registerAs, x.ignoreErrors, x.tags, x.templated, x.when?.source]),
    [
      [0, 'read', 'status', 'st', false, ['read'], false, undefined],
      [1, 'verify', 'verify', undefined, false, [], false, "role is defined and role == 'edge'"],
      [2, 'register', 'register', undefined, true, [], true, undefined],
    ],
  );
  t.notMatch(JSON.stringify(p.tasks), new RegExp(SECRETS.SMARTLIC_TOKEN), 'secrets resolved but never printed');
});

t.test('serial as a count and as a share', async (t) => {
  for (const [serial, expected] of [
    [1, [['cbr8-1'], ['cbr8-2'], ['ncs1004-1']]],
    [2, [['cbr8-1', 'cbr8-2'], ['ncs1004-1']]],
    ['34%', [['cbr8-1', 'cbr8-2'], ['ncs1004-1']]],
    ['100%', [['cbr8-1', 'cbr8-2', 'ncs1004-1']]],
    [undefined, [['cbr8-1', 'cbr8-2', 'ncs1004-1']]],
  ] as const) {
    const { result } = prepare(playbook([status], serial === undefined ? {} : { serial }));
    t.same(result.ok ? result.playbook.batches : null, expected, `serial ${String(serial)}`);
  }
});

t.test('a run needs a runner for every task type; validate does not', async (t) => {
  const registry = createTaskRegistry();
  const doc = playbook([status, { wait: { task: { show: { command: 'show version' } }, until: 'result.failed', timeout: '1m' } }]);
  const source = { document: doc, file: 'pb.json', baseDir: '.' };
  const options = { registry, inventory: inventory(), env: ENV };
  t.same(validatePlaybook(source, options), [], 'valid');
  const result = preparePlaybook(source, options);
  t.notOk(result.ok);
  if (result.ok) return;
  t.same(issuesOf(result.errors), [
    'E_PLAYBOOK pb.json /tasks/0/status: task type "status" has no runner in this build (its parameters are valid, but it cannot run yet)',
    'E_PLAYBOOK pb.json /tasks/1/wait/task/show: task type "show" has no runner in this build',
  ]);
  registry.provideRunner('status', async () => ({ changed: false }));
  registry.provideRunner('show', async () => ({ changed: false }));
  t.ok(preparePlaybook(source, options).ok, 'one provideRunner call per type is all it takes');
});

t.test('without an inventory: structure, syntax, order and playbook-level secrets only', async (t) => {
  const registry = createTaskRegistry();
  const validate = (doc: unknown, env: NodeJS.ProcessEnv = ENV) =>
    issuesOf(validatePlaybook({ document: doc, file: 'pb.json', baseDir: '.' }, { registry, env }));
  t.same(validate(playbook([{ show: { command: 'show {{ from_inventory }}' } }, { status: {}, when: "role == 'edge'" }], { hosts: 'whatever' })), [], 'inventory variables may exist');
  t.same(validate(playbook([{ register: { token: { $env: 'SMARTLIC_TOKEN' } } }]), {}), [
    'E_SECRET_MISSING pb.json /tasks/0/register/token: environment variable SMARTLIC_TOKEN is not set',
  ]);
  t.same(validate(playbook([{ verify: { that: ['x.failed'] } }, { status: {}, registerAs: 'x' }])).length, 1, 'order still checked');
  t.same(validate(playbook([{ show: { command: '{{ site.cmd }}' } }], { vars: { site: { name: 'a' } } })), [
    'E_PLAYBOOK pb.json /tasks/0/show/command: "site.cmd" is not defined',
  ]);
});

t.test('registered results and setVars are usable by later tasks; checks on them wait for the run', async (t) => {
  const { result } = prepare(
    playbook([
      { status: {}, registerAs: 'st' },
      { setVars: { expected: 'registered', cmd: 'show license {{ kind }}' } },
      { show: { command: '{{ st.value.cmd }}' } },
      { verify: { that: ['st.value.registration.status == expected'] }, when: 'not st.failed' },
    ], { vars: { kind: 'status' } }),
  );
  t.ok(result.ok, result.ok ? '' : issuesOf(result.errors).join('\n'));
});

t.test('files: JSON and YAML, unreadable and unparseable playbooks', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-pb-'));
  writeFileSync(join(dir, 'ok.yaml'), 'name: y\nhosts: cbr8\ntasks:\n  - status: {}\n');
  writeFileSync(join(dir, 'bad.json'), '{\n  "name": "x",\n  "hosts": "all"\n  "tasks": []\n}\n');
  writeFileSync(join(dir, 'bad.yml'), 'name: [\n');
  writeFileSync(join(dir, 'token.txt'), `${SECRETS.SMARTLIC_TOKEN}\n`);
  writeFileSync(join(dir, 'reg.json'), JSON.stringify(playbook([{ register: { token: { $file: 'token.txt' } } }])));
  const rec = recordingRegistry();
  const options = { registry: rec.registry, inventory: inventory(), env: ENV, cwd: dir };
  const yaml = await loadPlaybook('ok.yaml', options);
  t.ok(yaml.ok);
  if (yaml.ok) t.same(yaml.playbook.hosts.map((h) => h.host.name), ['cbr8-1', 'cbr8-2']);
  const bad = await loadPlaybook('bad.json', options);
  t.notOk(bad.ok);
  if (!bad.ok) t.match(issuesOf(bad.errors)[0], /^E_PLAYBOOK bad\.json : not valid JSON: .*\(line 4 column 3\)/);
  const badYaml = await loadPlaybook('bad.yml', options);
  t.notOk(badYaml.ok);
  if (!badYaml.ok) t.match(issuesOf(badYaml.errors)[0], /^E_PLAYBOOK bad\.yml : not valid YAML/);
  const missing = await loadPlaybook('nope.json', options);
  t.notOk(missing.ok);
  if (!missing.ok) t.same(issuesOf(missing.errors), ['E_PLAYBOOK nope.json : cannot read playbook (ENOENT)']);
  const reg = await loadPlaybook('reg.json', options);
  t.ok(reg.ok, 'a $file secret relative to the playbook');
  await t.rejects(readPlaybook('nope.json', dir), { code: 'E_PLAYBOOK' });
});

t.test('inventory variables: secrets, reserved names, precedence with playbook vars', async (t) => {
  const inv = inventoryObject();
  (inv['groupVars'] as Record<string, unknown>)['ncs1004'] = { community: { $env: 'NO_COMMUNITY' }, host: 1 };
  const { result } = prepare(playbook([status], { hosts: 'ncs1004' }), { inventory: inventory(inv) });
  t.notOk(result.ok);
  if (!result.ok) {
    t.same(issuesOf(result.errors), [
      'E_SECRET_MISSING inv.json /groupVars/ncs1004/community: environment variable NO_COMMUNITY is not set',
      'E_INVENTORY inv.json /groupVars/ncs1004/host: "host" is reserved (host, playbook, result)',
    ]);
  }
  const unselected = prepare(playbook([status], { hosts: 'cbr8' }), { inventory: inventory(inv) });
  t.ok(unselected.result.ok, 'variables of hosts not selected are not resolved');
  const precedence = prepare(playbook([{ verify: { that: ["site == 'from-playbook'", "role == 'edge'", "dns == ['192.0.2.53']"] } }], { hosts: 'cbr8-1', vars: { site: 'from-playbook', role: 'pb' } }));
  t.ok(precedence.result.ok);
});

t.test('a task whose parameters reference a schema file that is not installed: an issue, nothing run', async (t) => {
  const registry = createTaskRegistry().register({
    name: 'probe',
    description: 'parameters checked by a schema file of another package',
    paramsSchema: { type: 'object', properties: { spec: { $ref: 'nowhere.schema.json' } } },
    supportsCheck: true,
    run: async () => ({ changed: false }),
  });
  const result = preparePlaybook({ document: playbook([{ probe: { spec: {} } }]), file: 'pb.json', baseDir: '.' }, { registry, inventory: inventory(), env: ENV });
  t.equal(result.ok, false);
  if (!result.ok) t.match(issuesOf(result.errors).join('\n'), /\/tasks\/0\/probe\/spec: cannot be checked: the schema file nowhere\.schema\.json is not installed/);
});
