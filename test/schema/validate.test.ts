import t from 'tap';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SchemaCompiler, validateAgainstSchema } from '../../src/schema/validate.js';

const root = {
  $id: 'https://smartlic.dev/schemas/test-root.schema.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    a: { $ref: 'part-a.schema.json' },
    b: { $ref: 'not-installed.schema.json' },
    c: { $ref: '#/definitions/form' },
  },
  definitions: {
    form: { oneOf: [{ type: 'integer' }, { type: 'string', pattern: '^x+$' }, { type: 'object', required: ['$env'] }] },
  },
};

t.test('$ref to schema files by name: search dirs first, a missing file is an issue where it is needed', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'smartlic-schema-'));
  writeFileSync(
    join(dir, 'part-a.schema.json'),
    JSON.stringify({ $id: 'https://elsewhere.example/declared-id.json', type: 'object', required: ['n'], properties: { n: { $ref: 'part-b.schema.json' } } }),
  );
  writeFileSync(join(dir, 'part-b.schema.json'), JSON.stringify({ type: 'integer', minimum: 1 }));
  const validate = new SchemaCompiler({ searchDirs: [dir] }).validatorFor(root);
  t.same(validate({ a: { n: 2 }, c: 'xx' }), []);
  t.same(validate({ a: { n: 0 }, c: 3 }), [{ pointer: '/a/n', message: 'must be >= 1' }], 'nested file refs resolve');
  t.same(validate({ a: {} }), [{ pointer: '/a', message: 'missing required property "n"' }]);
  t.same(validate({ b: {} }), [{ pointer: '/b', message: 'cannot be checked: the schema file not-installed.schema.json is not installed' }]);
  t.same(validate({ c: true }), [{ pointer: '/c', message: 'must be an integer, a string matching ^x+$ or {"$env": …}' }], 'oneOf forms through a $ref');
});

t.test('sub-schemas by pointer and ignored errors', async (t) => {
  const compiler = new SchemaCompiler();
  t.same(compiler.validatorFor(root, '/definitions/form')('y'), [{ pointer: '', message: 'must be an integer, a string matching ^x+$ or {"$env": …}' }]);
  const lenient = new SchemaCompiler().validatorFor(root, '', (e) => e.keyword === 'additionalProperties');
  t.same(lenient({ zzz: 1 }), []);
  t.throws(() => compiler.validatorFor({ ...root }), /another schema already has the \$id/);
  t.throws(() => compiler.validatorFor({ type: 'object' }), /needs an \$id/);
});

t.test('the shipped schemas still validate through the default compiler', async (t) => {
  t.same(validateAgainstSchema('inventory', { hosts: {} }), []);
  t.match(validateAgainstSchema('inventory', {}), [{ pointer: '', message: 'missing required property "hosts"' }]);
});
