/**
 * No CLI injection through the command line's verbs (issue 11): every hostile value of helpers/hostile-values.ts
 * in the token of `smartlic register --token-env`, in every field of a `smartlic configure --intent` file and in
 * `--limit`: exit 2 naming the field (the JSON pointer for intents), and the lab's devices received no line.
 * Playbooks and inventories: cli-injection-playbooks.test.ts.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { hostile } from './helpers/hostile-values.js';
import { INTENT_FIELDS, cliRefusals, injectionLab, TOKEN_BASE } from './helpers/injection-lab.js';

t.test('register --token-env, configure --intent, --limit: exit 2 naming the field, nothing sent', async (t) => {
  const lab = await injectionLab(t);
  const cli = cliRefusals(t, lab);
  const { dir, refused } = cli;

  // `register`, `onboard`-style token sources: the environment variable named by --token-env.
  for (const { name, value } of hostile(TOKEN_BASE)) {
    await refused(`register --token-env ← ${name}`, ['register', '-i', 'inventory.json', '--token-env', 'SMARTLIC_TOKEN'], { SMARTLIC_TOKEN: value }, /E_INVALID_ARGUMENT: invalid --token-env: the ID token /);
  }

  // `configure --intent FILE`: every field, every hostile value, the pointer in the message.
  for (const field of INTENT_FIELDS) {
    for (const { name, value } of hostile(field.base)) {
      writeFileSync(join(dir, 'intent.json'), JSON.stringify(field.intent(value)));
      await refused(`configure ${field.pointer} ← ${name}`, ['configure', '-i', 'inventory.json', '--intent', 'intent.json'], {}, new RegExp(`E_INVALID_INTENT[^\\n]*${field.pointer.replace(/\//g, '\\/')}`));
    }
  }

  // A host pattern (--limit) is matched against the inventory, never sent; a hostile one selects nothing or is refused.
  for (const { name, value } of hostile('cbr8')) {
    await refused(`--limit ← ${name}`, ['status', '-i', 'inventory.json', '--limit', value], {}, /[\s\S]*/);
  }
  t.ok(cli.runs > 400, `${cli.runs} command lines refused`);
  t.same(lab.received(), { lines: [], netconfSessions: 0 }, 'no line reached any device');
  for (const device of ['cbr8-1', 'ncs1004-1']) t.equal(lab.e2e.device(device).commandLog.lastSeq, 0, `${device} never received a line`);
});
