import t from 'tap';
import { ExpressionError } from '../../src/errors.js';
import {
  DEFERRED,
  evaluateCondition,
  evaluateExpression,
  expressionPaths,
  parseExpression,
  parsePath,
  type RootLookup,
} from '../../src/playbook/expression.js';
import { Secret } from '../../src/secret.js';

const vars: Record<string, unknown> = {
  st: { value: { registration: { status: 'registered' }, authorization: { status: 'authorized', since: '2026-01-02T03:04:05Z' }, usage: [{ tag: 'ESS', count: 2 }] } },
  role: 'edge',
  count: 3,
  ratio: 0.5,
  enabled: true,
  nothing: null,
  servers: ['198.51.100.1', '198.51.100.2'],
  names: { 'odd-key': 'x' },
  token: new Secret('expression-test-secret-0123'),
};
const lookup: RootLookup = (root) => (Object.prototype.hasOwnProperty.call(vars, root) ? { found: true, value: vars[root] } : { found: false });

function evaluate(source: string, l: RootLookup = lookup): unknown {
  const parsed = parseExpression(source);
  if (!parsed.ok) throw new Error(`parse failed: ${parsed.error}`);
  return evaluateExpression(parsed.expr, l, source);
}

t.test('evaluation table', async (t) => {
  const table: [string, unknown][] = [
    ["st.value.registration.status == 'registered'", true],
    ['st.value.registration.status != "registered"', false],
    ["st.value.authorization.status in ['authorized', 'out-of-compliance']", true],
    ["st.value.authorization.status not in ['authorized']", false],
    ["'ESS' == st.value.usage[0].tag", true],
    ['st.value.usage.0.count >= 2', true],
    ["st.value.usage[0]['tag'] == 'ESS'", true],
    ['count > 2 and count < 4', true],
    ['count <= 2 or ratio < 1', true],
    ['not enabled', false],
    ['not not enabled', true],
    ['not (count == 3)', false],
    ['count == 3.0', true],
    ['count > -1', true],
    ['1e3 > count', true],
    ["st.value.authorization.since > '2025-12-31T00:00:00Z'", true],
    ["'198.51.100.2' in servers", true],
    ["'dge' in role", true],
    ["'odd-key' in names", true],
    ["names['odd-key'] == 'x'", true],
    ['nothing == null', true],
    ['missing is defined', false],
    ['missing is undefined', true],
    ['st.value.nope is not defined', true],
    ['role is defined and role == "edge"', true],
    ['missing is defined and missing > 3', false],
    ['missing == 1', false],
    ['missing != 1', true],
    ['missing in servers', false],
    ["st.value.registration.status matches '^REG|^reg'", true],
    ['missing matches "x"', false],
    ['[1, 2] == [1, 2]', true],
    ["[count, role] == [3, 'edge']", true],
    ['role == \'ed\\\'ge\'', false],
    ['servers', ['198.51.100.1', '198.51.100.2']],
    ['st.value.usage[5]', undefined],
    ['role.length', undefined],
  ];
  for (const [source, expected] of table) t.same(evaluate(source), expected, source);
});

t.test('syntax errors name the column and what was expected; nothing unsafe parses', async (t) => {
  const refusals: [string, RegExp][] = [
    ['', /empty expression/],
    ['role = "edge"', /column 6: use "==" to compare/],
    ['role == ', /column 9: unexpected end of expression/],
    ["role == 'edge", /column 9: unterminated string/],
    ['count > 1 && enabled', /use "and" instead of "&&"/],
    ['count > 1 || enabled', /use "or" instead of "\|\|"/],
    ['!enabled', /use "not" instead of "!"/],
    ['a == b == c', /cannot be chained/],
    ['1 < count < 5', /cannot be chained/],
    ['foo()', /function calls are not allowed/],
    ['role.toUpperCase()', /function calls are not allowed/],
    ['constructor', /"constructor" is not allowed/],
    ['st.__proto__', /"__proto__" is not allowed/],
    ["st['prototype']", /"prototype" is not allowed/],
    ['role matches bad', /"matches" needs a quoted regular expression/],
    ["role matches '('", /invalid regular expression/],
    ['role is great', /expected "defined" or "undefined" after "is"/],
    ["'x' is defined", /applies to a variable path/],
    ['(count > 1', /expected "\)" to close "\("/],
    ['[1, 2', /expected "\]" to close the list/],
    ['count - 1', /unexpected character "-"/],
    ['count + 1', /unexpected character "\+"/],
    ['a.b[c]', /expected an index or a quoted key/],
    ['a.', /expected a name after "."/],
    ['12abc', /after a number/],
    ['role and', /unexpected end/],
    ['and', /unexpected "and"/],
    ['x ; y', /unexpected character ";"/],
    ['`x`', /unexpected character "`"/],
    ['x'.repeat(2001), /longer than 2000 characters/],
    ['('.repeat(100) + '1' + ')'.repeat(100), /nested more than 64 levels/],
  ];
  for (const [source, message] of refusals) {
    const parsed = parseExpression(source);
    t.notOk(parsed.ok, `refused: ${source.slice(0, 40)}`);
    if (!parsed.ok) t.match(parsed.error, message, source.slice(0, 40));
  }
});

t.test('type errors at evaluation are ExpressionErrors naming the expression', async (t) => {
  const table: [string, RegExp][] = [
    ['role and enabled', /"and" needs true or false, got string "edge"/],
    ['not count', /"not" needs true or false, got number 3/],
    ["count > 'a'", /compares two numbers or two strings, got number 3 and string "a"/],
    ['missing > 3', /got undefined and number 3/],
    ['1 in count', /needs a list, a string or an object on the right/],
    ["count in 'abc'", /needs a string on the left/],
    ['count matches "1"', /"matches" needs a string, got number 3/],
    ["token == 'expression-test-secret-0123'", /a secret cannot be used in a comparison/],
    ['token matches "x"', /a secret cannot be used with "matches"/],
  ];
  for (const [source, message] of table) {
    const error = t.throws(() => evaluate(source)) as ExpressionError;
    t.type(error, ExpressionError, source);
    t.equal(error.code, 'E_EXPRESSION');
    t.match(error.message, message, source);
    t.equal(error.expression, source);
    t.notMatch(error.message, /expression-test-secret-0123/);
  }
  t.ok(evaluate('token is defined'), 'a secret may be tested for presence');
});

t.test('conditions must be true or false', async (t) => {
  const parsed = parseExpression('role');
  t.ok(parsed.ok);
  if (parsed.ok) t.throws(() => evaluateCondition(parsed.expr, lookup, 'role'), { code: 'E_EXPRESSION', message: /a condition must be true or false, got string "edge"/ });
  const ok = parseExpression('enabled');
  if (ok.ok) t.equal(evaluateCondition(ok.expr, lookup, 'enabled'), true);
});

t.test('paths reach own data only, never the prototype chain', async (t) => {
  t.equal(evaluate('role.length'), undefined, 'a string has no properties here');
  t.equal(evaluate('servers.length'), undefined, 'nor does an array');
  t.equal(evaluate('st.hasOwnProperty'), undefined);
  t.equal(evaluate('st.toString is defined'), false);
  t.equal(evaluate('token.length'), undefined, 'a secret has no readable properties');
});

t.test('DEFERRED propagates, short-circuits still decide', async (t) => {
  const deferred: RootLookup = (root) => (root === 'later' ? { found: true, value: DEFERRED } : lookup(root));
  t.equal(evaluate("later.value.status == 'x'", deferred), DEFERRED);
  t.equal(evaluate('later is defined', deferred), DEFERRED);
  t.equal(evaluate('enabled or later.failed', deferred), true);
  t.equal(evaluate('not enabled and later.failed', deferred), false);
  t.equal(evaluate('later.failed and not enabled', deferred), false, 'a false right side decides "and"');
  t.equal(evaluate('later.failed or enabled', deferred), true, 'a true right side decides "or"');
  t.equal(evaluate('later.failed and enabled', deferred), DEFERRED);
  t.equal(evaluate('[later.x, 1]', deferred), DEFERRED);
  t.equal(evaluate('not later.failed', deferred), DEFERRED);
});

t.test('expressionPaths marks paths under "is defined" as guarded', async (t) => {
  const parsed = parseExpression("role is defined and role == 'edge' or st.value.x in [count]");
  t.ok(parsed.ok);
  if (!parsed.ok) return;
  t.same(
    expressionPaths(parsed.expr).map((u) => [u.path.text, u.guarded]),
    [
      ['role', true],
      ['role', false],
      ['st.value.x', false],
      ['count', false],
    ],
  );
});

t.test('parsePath accepts only a variable path', async (t) => {
  const ok = parsePath('st.value.usage[0]["tag"]');
  t.ok(ok.ok);
  if (ok.ok) t.same([ok.path.root, ok.path.segments], ['st', ['value', 'usage', 0, 'tag']]);
  const bad = parsePath("st == 'x'");
  t.notOk(bad.ok);
  if (!bad.ok) t.match(bad.error, /must be a variable path/);
  t.notOk(parsePath('st.').ok);
});
