import t from 'tap';
import { parseStructuredText } from '../../src/schema/structured-text.js';

t.test('JSON and YAML parse as their parsers do', async (t) => {
  t.same(parseStructuredText('{"a": [1, {"b": "c\\u00e9"}], "d": null}', 'json'), { a: [1, { b: 'cé' }], d: null });
  t.same(parseStructuredText('a:\n  - 1\n  - b: c\n', 'yaml'), { a: [1, { b: 'c' }] });
  t.same(parseStructuredText('{"a": {"x": 1}, "b": {"x": 2}}', 'json'), { a: { x: 1 }, b: { x: 2 } }, 'the same key in two objects is fine');
  t.throws(() => parseStructuredText('{"a": ', 'json'), SyntaxError);
});

t.test('a key given twice in one object is refused, named, with its line', async (t) => {
  t.throws(() => parseStructuredText('{\n  "hosts": {\n    "r1": {},\n    "r1": {}\n  }\n}', 'json'), { name: 'SyntaxError', message: 'the key "r1" is given twice in one object (line 4 column 5)' });
  t.throws(() => parseStructuredText('{"a": 1, "a": 1}', 'json'), { message: /the key "a" is given twice/ }, 'even with the same value');
  t.throws(() => parseStructuredText('hosts:\n  r1: {}\n  r1: {}\n', 'yaml'), { message: /Map keys must be unique/ });
});
