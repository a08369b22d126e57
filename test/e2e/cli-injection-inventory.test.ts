/**
 * No CLI injection through inventories (issue 11): every hostile value of helpers/hostile-values.ts in the fields a
 * device or its SSH server reads — user names (per host and in defaults), host addresses, host and group names —
 * makes `smartlic status` and `smartlic run` exit 2 with E_INVENTORY naming the field, and the lab's devices
 * received nothing. Playbooks: cli-injection-playbooks.test.ts; the verbs' arguments: cli-injection-verbs.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { hostile } from './helpers/hostile-values.js';
import { cliRefusals, injectionLab } from './helpers/injection-lab.js';

t.test('inventory fields: exit 2 naming the field, nothing sent', async (t) => {
  const lab = await injectionLab(t);
  const cli = cliRefusals(t, lab);
  const { dir, inventory, refused } = cli;

  // Inventory fields a device (or its SSH server) reads: the host address, the user name, the host's name.
  const host0 = Object.keys(inventory.hosts)[0] as string;
  const inventoryPlaces: readonly { readonly name: string; readonly base: string; readonly edit: (v: string) => unknown; readonly expect: RegExp }[] = [
    { name: 'username', base: 'admin', edit: (v) => ({ ...inventory, hosts: { ...inventory.hosts, [host0]: { ...inventory.hosts[host0], username: v } } }), expect: new RegExp(`/hosts/${host0}/username`) },
    { name: 'defaults username', base: 'admin', edit: (v) => ({ ...inventory, defaults: { ...inventory.defaults, username: v } }), expect: /\/defaults\/username/ },
    { name: 'host address', base: '127.0.0.1', edit: (v) => ({ ...inventory, hosts: { ...inventory.hosts, [host0]: { ...inventory.hosts[host0], host: v } } }), expect: new RegExp(`/hosts/${host0}/host`) },
    { name: 'host name', base: 'cbr8-9', edit: (v) => ({ ...inventory, hosts: { ...inventory.hosts, [v]: inventory.hosts[host0] } }), expect: /\/hosts/ },
    { name: 'group name', base: 'edge', edit: (v) => ({ ...inventory, groups: { ...inventory.groups, [v]: [host0] } }), expect: /\/groups/ },
  ];
  writeFileSync(join(dir, 'status.json'), JSON.stringify({ name: 'status', hosts: 'all', tasks: [{ status: {} }] }));
  for (const place of inventoryPlaces) {
    for (const { name, value } of hostile(place.base)) {
      writeFileSync(join(dir, 'bad-inventory.json'), JSON.stringify(place.edit(value)));
      await refused(`inventory ${place.name} ← ${name}`, ['status', '-i', 'bad-inventory.json'], {}, new RegExp(`E_INVENTORY[\\s\\S]*${place.expect.source}`));
      await refused(`inventory ${place.name} ← ${name} (run)`, ['run', 'status.json', '-i', 'bad-inventory.json'], {}, new RegExp(`E_INVENTORY[\\s\\S]*${place.expect.source}`));
    }
  }
  t.ok(cli.runs > 300, `${cli.runs} command lines refused`);
  t.same(lab.received(), { lines: [], netconfSessions: 0 }, 'no line reached any device');
  for (const device of ['cbr8-1', 'ncs1004-1']) t.equal(lab.e2e.device(device).commandLog.lastSeq, 0, `${device} never received a line`);
});
