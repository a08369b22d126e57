import t from 'tap';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTaskRegistry } from '../../src/playbook/builtin-tasks.js';
import { buildPlaybookSchema, compilePlaybookSchema, PLAYBOOK_SCHEMA_ID } from '../../src/playbook/schema.js';
import { TaskRegistry } from '../../src/playbook/task-registry.js';
import { validateAgainstSchema } from '../../src/schema/validate.js';

const SHIPPED = fileURLToPath(new URL('../../schemas/playbook.schema.json', import.meta.url));

t.test('schemas/playbook.schema.json is the schema of the shipped registry (UPDATE_GOLDEN=1 rewrites it)', async (t) => {
  const generated = `${JSON.stringify(buildPlaybookSchema(createTaskRegistry()), null, 2)}\n`;
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(SHIPPED, generated);
  t.equal(readFileSync(SHIPPED, 'utf8'), generated);
});

t.test('the shipped schema: every task type with its description, the intent by file reference', async (t) => {
  const schema = JSON.parse(readFileSync(SHIPPED, 'utf8')) as { $id: string; definitions: { params: Record<string, { description?: string; properties?: Record<string, { $ref?: string }> }> } };
  t.equal(schema.$id, PLAYBOOK_SCHEMA_ID);
  t.same(Object.keys(schema.definitions.params), ['configure', 'register', 'renew', 'deregister', 'status', 'show', 'onboard', 'rma', 'reregister', 'watch', 'verify', 'wait', 'setVars']);
  for (const [name, params] of Object.entries(schema.definitions.params)) t.ok((params.description ?? '').length > 20, `${name} is described`);
  t.equal(schema.definitions.params['configure']?.properties?.['intent']?.$ref, 'intent.schema.json', 'the shipped intent schema');
  t.same(validateAgainstSchema('playbook', { name: 'x', hosts: 'all', tasks: [{ status: {} }] }), [], 'validateAgainstSchema("playbook") uses it');
});

t.test('a registry with its own task types gets its own schema', async (t) => {
  const registry = new TaskRegistry().register({
    name: 'ping',
    description: 'a test task',
    paramsSchema: { type: 'object', properties: { count: { type: 'integer' } }, additionalProperties: false },
    supportsCheck: true,
    run: async () => ({ changed: false }),
  });
  const compiled = compilePlaybookSchema(registry);
  t.same(compiled.validateDocument({ name: 'x', hosts: 'all', tasks: [{ ping: { count: 2 } }] }), []);
  t.same(compiled.validateDocument({ name: 'x', hosts: 'all', tasks: [{ ping: { count: 'x' } }] }), [{ pointer: '/tasks/0/ping/count', message: 'must be integer' }]);
  t.equal(compilePlaybookSchema(registry), compiled, 'cached per registry version');
  registry.define({ name: 'pong', description: 'another', paramsSchema: { type: 'object' }, supportsCheck: false });
  t.not(compilePlaybookSchema(registry), compiled, 'recompiled when the registry changes');
});

t.test('registry rules', async (t) => {
  const registry = new TaskRegistry();
  const def = { name: 'probe', description: 'd', paramsSchema: {}, supportsCheck: true };
  registry.define(def);
  t.equal(registry.runnerOf('probe'), undefined);
  t.throws(() => registry.define(def), /already defined/);
  t.throws(() => registry.define({ ...def, name: 'Bad-Name' }), /must match/);
  t.throws(() => registry.provideRunner('nope', async () => ({ changed: false })), /is not defined/);
  registry.provideRunner(def, async () => ({ changed: true }));
  t.ok(registry.runnerOf('probe'));
  t.throws(() => registry.provideRunner('probe', async () => ({ changed: false })), /already has a runner/);
});
