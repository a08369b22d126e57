import t from 'tap';
import { inspect } from 'node:util';
import { DEFERRED } from '../../src/playbook/expression.js';
import { VarScope } from '../../src/playbook/scope.js';
import { collectTemplates, parseTemplate, renderValue } from '../../src/playbook/template.js';
import { Secret, isSecret } from '../../src/secret.js';

const TOKEN = 'template-test-token-9f8e7d6c5b4a';

function scope(): VarScope {
  return new VarScope(
    [
      { origin: 'inventory vars', vars: { site: 'inv', domain: 'example.net', level: 'inventory', only_inv: 1 } },
      { origin: 'playbook vars', vars: { level: 'playbook', url: 'https://{{ domain }}/ddce', token: new Secret(TOKEN), servers: ['198.51.100.1', '198.51.100.2'] } },
      { origin: 'group all vars', vars: { level: 'group-all' } },
      { origin: 'group cbr8 vars', vars: { level: 'group-cbr8', port: 8443 } },
      { origin: 'host vars', vars: { level: 'host', site: { name: 'lab-1', dns: ['192.0.2.53'] } } },
    ],
    { host: { name: 'cbr8-1', platform: 'ios-xe' }, playbook: { name: 'p', check: false } },
  );
}

t.test('precedence: registered > host > group (inventory order) > playbook > inventory; merged by top-level name', async (t) => {
  const s = scope();
  t.equal(s.get('level'), 'host');
  t.same(s.get('site'), { name: 'lab-1', dns: ['192.0.2.53'] }, 'the host replaces the whole value');
  t.equal(s.get('only_inv'), 1);
  t.equal(s.get('port'), 8443);
  s.set('level', 'registered');
  t.equal(s.get('level'), 'registered');
  t.same(s.get('host'), { name: 'cbr8-1', platform: 'ios-xe' }, 'facts');
  t.equal(s.has('nope'), false);
});

t.test('a whole-string template keeps the type; mixed strings become text', async (t) => {
  const s = scope();
  const out = s.render({
    list: '{{ servers }}',
    number: '{{ port }}',
    bool: '{{ port == 8443 }}',
    object: '{{ site }}',
    text: 'dns {{ site.dns[0] }} port {{ port }} on {{ host.name }}',
    json: 'servers={{ servers }}',
    nested: ['{{ site.name }}', { deeper: '{{ level }}' }],
    plain: 'no templates',
    literal: "{{ '{{ not a template }}' }}",
    spaced: ' {{ port }}',
  });
  t.same(out.issues, []);
  t.same(out.value, {
    list: ['198.51.100.1', '198.51.100.2'],
    number: 8443,
    bool: true,
    object: { name: 'lab-1', dns: ['192.0.2.53'] },
    text: 'dns 192.0.2.53 port 8443 on cbr8-1',
    json: 'servers=["198.51.100.1","198.51.100.2"]',
    nested: ['lab-1', { deeper: 'host' }],
    plain: 'no templates',
    literal: '{{ not a template }}',
    spaced: ' 8443',
  });
});

t.test('variables holding templates are rendered when read; cycles are reported', async (t) => {
  t.equal(scope().get('url'), 'https://example.net/ddce');
  const cyclic = new VarScope([{ origin: 'playbook vars', vars: { a: '{{ b }}', b: 'x{{ c }}', c: '{{ a }}' } }], {});
  const out = cyclic.render({ v: 'value {{ a }}' });
  t.match(out.issues[0]?.message, /cycle: a → b → c → a/);
  t.equal(out.issues[0]?.pointer, '/v');
  const broken = new VarScope([{ origin: 'playbook vars', vars: { url: 'https://{{ domian }}/x' } }], {});
  t.match(broken.render('{{ url }}').issues[0]?.message, /variable "url" \(playbook vars\): "domian" is not defined/);
});

t.test('registered results are never rendered again (device output stays text)', async (t) => {
  const s = scope();
  s.set('out', { value: { text: 'banner {{ token }}' } });
  t.same(s.render('{{ out.value.text }}').value, 'banner {{ token }}');
});

t.test('secrets stay wrapped through templating and print ***', async (t) => {
  const s = scope();
  const whole = s.render('{{ token }}').value;
  t.ok(isSecret(whole), 'the secret itself');
  t.equal((whole as Secret).reveal(), TOKEN);
  const line = s.render('license smart register idtoken {{ token }} force').value;
  t.ok(isSecret(line), 'a string containing a secret becomes a secret');
  t.equal((line as Secret).reveal(), `license smart register idtoken ${TOKEN} force`);
  const tree = s.render({ a: ['{{ token }}'], b: 'x-{{ token }}' }).value;
  const printed = [JSON.stringify(tree), String(line), inspect(tree, { depth: 5 }), `${line as Secret}`].join('\n');
  t.notMatch(printed, new RegExp(TOKEN));
  t.match(JSON.stringify(tree), /\*\*\*/);
});

t.test('render problems carry the pointer of their string', async (t) => {
  const s = scope();
  const out = s.render({ a: '{{ nope }}', b: ['ok', 'x {{ site.nope }}'], c: '{{ nothing_here', d: 'x {{ n }}' }, '/tasks/0/configure');
  t.same(
    out.issues.map((i) => [i.pointer, i.message]),
    [
      ['/tasks/0/configure/a', '"nope" is not defined'],
      ['/tasks/0/configure/b/1', '"site.nope" is not defined'],
      ['/tasks/0/configure/c', 'template "{{" at character 1 is not closed with "}}"'],
      ['/tasks/0/configure/d', '"n" is not defined'],
    ],
  );
  const nul = new VarScope([{ origin: 'v', vars: { n: null } }], {}).render('x{{ n }}');
  t.match(nul.issues[0]?.message, /is null and cannot be put in a string/);
  const typeError = s.render("{{ port > 'a' }}");
  t.match(typeError.issues[0]?.message, /compares two numbers or two strings/);
});

t.test('DEFERRED values are reported by pointer, not as errors', async (t) => {
  const s = scope();
  s.set('st', DEFERRED);
  const out = s.render({ a: '{{ st.value.x }}', b: 'x {{ st.value }}', c: '{{ port }}' }, '/p');
  t.same(out.issues, []);
  t.same(out.deferred, ['/p/a', '/p/b']);
  t.equal((out.value as Record<string, unknown>)['c'], 8443);
  const unknown = new VarScope([], {}, { unknownIsDeferred: true });
  t.same(unknown.render('{{ from_inventory }}').deferred, ['']);
  const explained = new VarScope([], {}, { explainMissing: (n) => `"${n}" is registered by task 4, which runs after this one` });
  t.match(explained.render('{{ later.value }}').issues[0]?.message, /registered by task 4/);
});

t.test('parseTemplate: quoted braces do not close; collectTemplates finds every template', async (t) => {
  const parsed = parseTemplate("a {{ x == '}}' }} b");
  t.ok(parsed.ok);
  if (parsed.ok) t.equal(parsed.template.parts.length, 3);
  const bad = parseTemplate('{{ x == }}');
  t.notOk(bad.ok);
  if (!bad.ok) t.match(bad.error, /template \{\{ x == \}\}: syntax error at column 5/);
  t.same(
    collectTemplates({ a: 'x', b: ['{{ y }}'], 'c/d': { e: '{{ z' } }, '/v').map((c) => [c.pointer, c.parsed.ok]),
    [
      ['/v/b/0', true],
      ['/v/c~1d/e', false],
    ],
  );
  t.same(renderValue(new Secret('x-y-z-secret-value'), () => ({ found: false })).issues, []);
});
