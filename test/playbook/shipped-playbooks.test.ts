/** Every playbook in playbooks/ validates, alone and against an inventory with each group they name (test/playbooks/ runs them). */
import t from 'tap';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createTaskRegistry } from '../../src/playbook/builtin-tasks.js';
import { readPlaybook, validatePlaybook } from '../../src/playbook/prepare.js';
import { ENV, inventory, inventoryObject } from './fixtures.js';

const DIR = fileURLToPath(new URL('../../playbooks/', import.meta.url));

function fullInventory() {
  const base = inventoryObject() as { hosts: Record<string, unknown>; groups: Record<string, string[]> };
  return inventory({
    ...base,
    cssm: { url: 'http://127.0.0.1:41000', clientId: 'ci', clientSecret: { $env: 'DEV_PW' }, smartAccount: 'fortytwo.example.com', virtualAccount: 'Default' },
    hosts: { ...base.hosts, 'ncs560-1': { host: '127.0.0.1', port: 40007, platform: 'ios-xr', model: 'NCS-560' } },
    groups: { ...base.groups, ncs560: ['ncs560-1'], rma: ['cbr8-2'] },
  });
}

t.test('every shipped playbook is valid, alone and against an inventory', async (t) => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
  t.ok(files.length >= 11);
  for (const file of files) {
    const source = await readPlaybook(file, DIR);
    t.same(validatePlaybook(source, { registry: createTaskRegistry(), env: ENV }).map((e) => e.message), [], `${file} alone`);
    t.same(validatePlaybook(source, { registry: createTaskRegistry(), env: ENV, inventory: fullInventory() }).map((e) => e.message), [], `${file} with an inventory`);
    const document = source.document as { description?: unknown };
    t.match(document.description, /\b00[014]:\d+/, `${file} names the seed lines it follows`);
  }
});

t.test('a playbook that needs CSSM against an inventory without a cssm entry: refused before anything runs', async (t) => {
  for (const file of ['rma-deregister.json', 'sync-loss-reregister.json']) {
    const source = await readPlaybook(file, DIR);
    const base = inventoryObject() as { groups: Record<string, string[]> };
    const errors = validatePlaybook(source, { registry: createTaskRegistry(), env: ENV, inventory: inventory({ ...base, groups: { ...base.groups, rma: ['cbr8-1'] } }) });
    t.match(errors.map((e) => e.message).join('\n'), /has no "cssm" entry/, file);
  }
});
