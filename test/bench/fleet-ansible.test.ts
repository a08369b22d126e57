/** The Ansible side of the fleet benchmark as text: config tasks from planned edits, inventory, playbook, recap. */
import t from 'tap';
import { parse } from 'yaml';
import { ansibleInventory, ansiblePlaybook, ansibleVars, configTasks, parseRecap, type ConfigurationPlan } from '../../bench/fleet/ansible.js';
import { BENCH_POLL_INTERVAL, onboardIntent, readOnboardPlaybook, withPollInterval } from '../../bench/fleet/onboard-playbook.js';
import { platformDefaultConfig } from '../../src/intents/licensing-config.js';
import { planChange } from '../../src/intents/render-intent.js';
import type { LicensingIntent } from '../../src/intents/types.js';

const intent = onboardIntent(readOnboardPlaybook()) as LicensingIntent;
const plan = (platform: 'ios-xe' | 'ios-xr'): ConfigurationPlan => ({ platform, edits: planChange(platformDefaultConfig(platform), intent).edits });

t.test("the onboard playbook's intent, vars substituted, and the poll interval set on a copy", async (t) => {
  const doc = readOnboardPlaybook();
  t.same(intent, { dns: { nameServer: ['198.51.100.247'] }, callHome: { contactEmail: 'licensing@example.net', direct: {} } });
  const fast = withPollInterval(doc, BENCH_POLL_INTERVAL);
  t.equal((fast.tasks[0]?.['onboard'] as Record<string, unknown>)['pollInterval'], '250ms');
  t.notOk('pollInterval' in (doc.tasks[0]?.['onboard'] as Record<string, unknown>), 'the original is untouched');
  t.same(fast.tasks.slice(1), doc.tasks.slice(1));
});

t.test('config tasks: one per sub-mode, block lines left to parents, the typed command (no …) kept', async (t) => {
  t.same(configTasks(plan('ios-xe').edits), [
    { parents: [], lines: ['ip name-server 198.51.100.247'] },
    { parents: ['call-home'], lines: ['contact-email-addr licensing@example.net'] },
  ]);
  t.same(configTasks(plan('ios-xr').edits), [
    { parents: [], lines: ['domain name-server 198.51.100.247'] },
    { parents: ['call-home'], lines: ['service active', 'contact-email-addr licensing@example.net'] },
    {
      parents: ['call-home', 'profile CiscoTAC-1'],
      lines: ['destination transport-method http', 'destination address http https://tools.cisco.com/its/service/oddce/services/DDCEService', 'active', 'no destination transport-method email'],
    },
  ]);
  t.same(configTasks([{ path: [], line: 'call-home', op: 'add', command: 'call-home', enters: true }]), [{ parents: [], lines: ['call-home'] }], 'an empty block is typed itself');
});

t.test('inventory and playbook', async (t) => {
  const inventory = {
    hosts: {
      'cbr8-1': { host: '127.0.0.1', port: 2201, platform: 'ios-xe' as const, model: 'cBR-8', username: 'admin', password: 'admin' },
      'ncs560-1': { host: '127.0.0.1', port: 2203, platform: 'ios-xr' as const, model: 'NCS-560', username: 'admin', password: 'admin' },
    },
  };
  const ini = ansibleInventory(inventory, (h) => (h === 'cbr8-1' ? 'cbr8' : 'ncs560'));
  t.equal(
    ini.split('\n')[1],
    'cbr8-1 ansible_host=127.0.0.1 ansible_port=2201 ansible_user=admin ansible_password=admin ansible_connection=ansible.netcommon.network_cli ansible_network_os=cisco.ios.ios ansible_network_cli_ssh_type=paramiko onboard_plan=cbr8',
  );
  t.match(ini, /^ncs560-1 .*ansible_network_os=cisco\.iosxr\.iosxr .*onboard_plan=ncs560$/m);

  const plays = parse(ansiblePlaybook(new Map([['cbr8', plan('ios-xe')], ['ncs560', plan('ios-xr')]]))) as { hosts: string; gather_facts: boolean; tasks: Record<string, unknown>[] }[];
  t.equal(plays.length, 1);
  t.match(plays[0], { hosts: 'all', gather_facts: false });
  const tasks = plays[0]!.tasks;
  t.same(
    tasks.map((task) => Object.keys(task).find((k) => k.includes('.'))),
    [
      'cisco.ios.ios_config',
      'cisco.ios.ios_config',
      'cisco.iosxr.iosxr_config',
      'cisco.iosxr.iosxr_config',
      'cisco.iosxr.iosxr_config',
      'cisco.ios.ios_command',
      'cisco.iosxr.iosxr_command',
      'cisco.ios.ios_command',
      'cisco.iosxr.iosxr_command',
      'cisco.ios.ios_command',
      'cisco.iosxr.iosxr_command',
      'ansible.builtin.assert',
    ],
  );
  t.same(tasks[1], { name: 'configuration (call-home) [cbr8]', 'cisco.ios.ios_config': { parents: ['call-home'], lines: ['contact-email-addr licensing@example.net'] }, when: "onboard_plan == 'cbr8'" });
  t.same(tasks[5], {
    name: 'license smart register idtoken [ios-xe]',
    'cisco.ios.ios_command': { commands: ['license smart register idtoken {{ smart_token }}'] },
    when: "ansible_network_os == 'cisco.ios.ios'",
    no_log: true,
  });
  t.same(tasks[8]?.['cisco.iosxr.iosxr_command'], { commands: ['show license status'], wait_for: ["result[0] contains 'Status: AUTHORIZED'"], retries: 60, interval: 1 });
  t.equal(tasks[9]?.['register'], 'final_ios_xe');
  t.equal(tasks[10]?.['register'], 'final_ios_xr', 'each platform registers its own variable (a skipped task registers too)');
  t.match(tasks[11]?.['vars'], { final: /final_ios_xe\.stdout\[0\] if ansible_network_os == 'cisco\.ios\.ios' else final_ios_xr\.stdout\[0\]/ });
  t.same(parse(ansibleVars('tok-en')), { smart_token: 'tok-en' });
});

t.test('PLAY RECAP per host', async (t) => {
  const output = `TASK [x] ***\nok: [a]\n\nPLAY RECAP *********************************************************************
cbr8-1                     : ok=9    changed=2    unreachable=0    failed=0    skipped=7    rescued=0    ignored=0
ncs560-1                   : ok=3    changed=1    unreachable=0    failed=1    skipped=5    rescued=0    ignored=0
ncs1004-1                  : ok=0    changed=0    unreachable=1    failed=0    skipped=0    rescued=0    ignored=0
`;
  const recap = parseRecap(output);
  t.same(recap.get('cbr8-1'), { ok: 9, changed: 2, unreachable: 0, failed: 0 });
  t.same(recap.get('ncs560-1'), { ok: 3, changed: 1, unreachable: 0, failed: 1 });
  t.same(recap.get('ncs1004-1'), { ok: 0, changed: 0, unreachable: 1, failed: 0 });
  t.equal(parseRecap('no recap here').size, 0);
});
