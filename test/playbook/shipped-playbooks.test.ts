import t from 'tap';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTaskRegistry } from '../../src/playbook/builtin-tasks.js';
import { readPlaybook, validatePlaybook } from '../../src/playbook/prepare.js';
import { ENV, inventory } from './fixtures.js';

const DIR = fileURLToPath(new URL('../../playbooks/', import.meta.url));

t.test('every shipped playbook is valid, alone and against an inventory', async (t) => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  t.ok(files.length >= 2);
  for (const file of files) {
    const source = await readPlaybook(file, DIR);
    t.same(validatePlaybook(source, { registry: createTaskRegistry(), env: ENV }).map((e) => e.message), [], `${file} alone`);
    t.same(validatePlaybook(source, { registry: createTaskRegistry(), env: ENV, inventory: inventory() }).map((e) => e.message), [], `${file} with an inventory`);
  }
});
