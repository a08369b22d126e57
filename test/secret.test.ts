import t from 'tap';
import { inspect } from 'node:util';
import { Secret, redactText, REDACTED, toSecret } from '../src/secret.js';

t.test('a Secret never prints its value', async (t) => {
  const s = new Secret('tok-4f1e-very-secret');
  t.equal(String(s), REDACTED);
  t.equal(`${s}`, REDACTED);
  t.equal(JSON.stringify({ token: s }), `{"token":"${REDACTED}"}`);
  t.notMatch(inspect({ s }), /very-secret/);
  t.equal(s.reveal(), 'tok-4f1e-very-secret');
  t.ok(s.equals('tok-4f1e-very-secret'));
  t.ok(s.equals(new Secret('tok-4f1e-very-secret')));
  t.equal(toSecret(s), s);
});

t.test('redactText scrubs registered values, also URL-decoded forms', async (t) => {
  new Secret('YjBkOWM5YtItMDFi%0ANzc5NDF%3D');
  const table: Array<[string, string]> = [
    ['license smart register idtoken YjBkOWM5YtItMDFi%0ANzc5NDF%3D force', `license smart register idtoken ${REDACTED} force`],
    ['decoded: YjBkOWM5YtItMDFi\nNzc5NDF=', `decoded: ${REDACTED}`],
    ['nothing secret here', 'nothing secret here'],
    ['', ''],
  ];
  for (const [input, expected] of table) t.equal(redactText(input), expected, JSON.stringify(input));
});

t.test('Secret refuses non-strings', async (t) => {
  t.throws(() => new Secret(42 as unknown as string), TypeError);
});

t.test('a Secret made with scrub: false prints *** but is not scrubbed from text', async (t) => {
  const value = 'public-when-equal-0b5e';
  const secret = new Secret(value, { scrub: false });
  t.equal(String(secret), '***');
  t.equal(JSON.stringify({ secret }), '{"secret":"***"}');
  t.equal(redactText(`user ${value}`), `user ${value}`);
  t.equal(secret.reveal(), value);
});

t.test("a Secret made with scrub: 'credential' is scrubbed only after a credential keyword", async (t) => {
  const value = 'labuser-c3d9';
  const secret = new Secret(value, { scrub: 'credential' });
  t.equal(String(secret), '***');
  for (const [text, expected] of [
    [`login as ${value}`, `login as ${value}`],
    [`username ${value} password ${value}`, `username ${value} password ***`],
    [`username ${value} secret 0 ${value}`, `username ${value} secret 0 ***`],
    [`Password: ${value}`, 'Password: ***'],
    [`pwd=${value}&user=${value}`, `pwd=***&user=${value}`],
    [`{"password": "${value}"}`, '{"password": "***"}'],
    [`password ${value}-longer`, `password ${value}-longer`],
  ] as const) {
    t.equal(redactText(text), expected, text);
  }
});
