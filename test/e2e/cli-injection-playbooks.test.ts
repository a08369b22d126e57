/**
 * No CLI injection through playbooks (issue 11): every hostile value of helpers/hostile-values.ts in playbook vars
 * and task args (intent, `show` command) and in `$env` / `$file` token secrets of register / onboard / reregister:
 * `smartlic validate` and `run` exit 2 naming the field by its JSON pointer, and the lab's devices received no line
 * but the two harmless one-line show commands the test sends on purpose. Inventories:
 * cli-injection-inventory.test.ts; the verbs' arguments: cli-injection-verbs.test.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { hostile } from './helpers/hostile-values.js';
import { cliRefusals, injectionLab, SHOW_BASE, TOKEN_BASE } from './helpers/injection-lab.js';

t.test('playbook vars and task args, $env / $file secrets: exit 2 naming the field, nothing sent', async (t) => {
  const lab = await injectionLab(t);
  const cli = cliRefusals(t, lab);
  const { dir, smartlic, refused } = cli;
  mkdirSync(join(dir, 'secrets'));

  // Playbooks: hostile values reach task args through vars ({{ }}), inline args and $env / $file secrets.
  const playbook = (tasks: readonly unknown[], vars: Record<string, unknown> = {}): string => {
    writeFileSync(join(dir, 'pb.json'), JSON.stringify({ name: 'hostile', hosts: 'all', vars, tasks }));
    return 'pb.json';
  };
  const places: readonly { readonly name: string; readonly base: string; readonly pb: (v: string) => string; readonly env?: (v: string) => NodeJS.ProcessEnv; readonly expect: RegExp; readonly oneLine?: true }[] = [
    { name: 'configure intent via a var', base: '192.0.2.53', pb: (v) => playbook([{ configure: { intent: { dns: { nameServer: ['{{ ns }}'] } } } }], { ns: v }), expect: /\/tasks\/0\/configure\/intent\/dns\/nameServer\/0/ },
    { name: 'configure intent inline', base: 'SLProfile', pb: (v) => playbook([{ configure: { intent: { callHome: { direct: {}, profile: { name: v } } } } }]), expect: /\/tasks\/0\/configure\/intent\/callHome\/profile\/name/ },
    { name: 'show command via a var', base: 'license status', pb: (v) => playbook([{ show: { command: 'show {{ what }}' } }], { what: v }), expect: /\/tasks\/0\/show\/command/, oneLine: true },
    { name: 'show command inline', base: SHOW_BASE, pb: (v) => playbook([{ show: { command: v } }]), expect: /\/tasks\/0\/show\/command/, oneLine: true },
    { name: 'register token from $env', base: TOKEN_BASE, pb: () => playbook([{ register: { token: { $env: 'T' } } }]), env: (v) => ({ T: v }), expect: /\/tasks\/0\/register\/token: the ID token / },
    {
      name: 'register token from a $env var',
      base: TOKEN_BASE,
      pb: () => playbook([{ register: { token: '{{ tok }}' } }], { tok: { $env: 'T' } }),
      env: (v) => ({ T: v }),
      expect: /\/tasks\/0\/register\/token: the ID token /,
    },
    { name: 'onboard token from $env', base: TOKEN_BASE, pb: () => playbook([{ onboard: { token: { $env: 'T' } } }]), env: (v) => ({ T: v }), expect: /\/tasks\/0\/onboard\/token: the ID token / },
    { name: 'reregister token from $env', base: TOKEN_BASE, pb: () => playbook([{ reregister: { token: { $env: 'T' } } }]), env: (v) => ({ T: v }), expect: /\/tasks\/0\/reregister\/token: the ID token / },
    {
      name: 'register token from $file',
      base: TOKEN_BASE,
      pb: (v) => {
        writeFileSync(join(dir, 'secrets', 'token'), v);
        return playbook([{ register: { token: { $file: 'secrets/token' } } }]);
      },
      expect: /\/tasks\/0\/register\/token: the ID token /,
    },
  ];
  // `show license status end` / `… exit` are one line with one more word: harmless (a show command cannot leave a
  // mode), so a show task sends them and the device refuses the word, on one line.
  const sentOnPurpose = new Set<string>();
  for (const place of places) {
    for (const { name, value } of hostile(place.base)) {
      const pb = place.pb(value);
      const env = place.env?.(value) ?? {};
      if (place.oneLine === true && / (end|exit)$/.test(value)) {
        const command = place.name.includes('var') ? `show ${value}` : value;
        t.equal((await smartlic(['validate', pb, '-i', 'inventory.json'], env)).code, ExitCode.ok, `validate ${place.name} ← ${name}: one harmless line`);
        const r = await smartlic(['run', pb, '-i', 'inventory.json'], env);
        t.equal(r.code, ExitCode.hostFailed, `run ${place.name} ← ${name}: the devices refused the word`);
        t.match(r.stdout, /E_CLI_INVALID_INPUT/);
        sentOnPurpose.add(command);
        continue;
      }
      // `{{ }}` renders a value into a string: a value without the hostile part would be fine, so the hostile part
      // (or its rendering) is what is refused.
      await refused(`validate ${place.name} ← ${name}`, ['validate', pb, '-i', 'inventory.json'], env, place.expect);
      await refused(`run ${place.name} ← ${name}`, ['run', pb, '-i', 'inventory.json'], env, place.expect);
    }
  }

  t.ok(cli.runs > 500, `${cli.runs} command lines refused`);
  const received = lab.received();
  t.equal(received.netconfSessions, 0);
  for (const device of ['cbr8-1', 'ncs1004-1']) {
    const lines = lab.e2e.device(device).commandLog.entries();
    const sessions = new Set(lines.map((e) => e.sessionId));
    t.equal(sessions.size, sentOnPurpose.size * 2, `${device}: only the runs that sent a show command opened a session`);
    const shows = lines.filter((e) => e.kind !== 'mode' && !/^terminal /.test(e.line)).map((e) => e.line);
    t.same(new Set(shows), sentOnPurpose, `${device}: no line but those show commands`);
  }
});
