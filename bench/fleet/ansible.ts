/**
 * The Ansible contender of the fleet benchmark, as an Ansible user writes it (Debian's ansible, cisco.ios /
 * cisco.iosxr over network_cli with paramiko): one play over every host,
 *   1. `ios_config` / `iosxr_config` (which commits) with the lines smartlic's intent plans for that device, one
 *      task per configuration sub-mode (`parents`);
 *   2. `ios_command` / `iosxr_command`: `license smart register idtoken {{ smart_token }}` (no_log);
 *   3. `show license status` with `wait_for` "Status: AUTHORIZED", `retries`/`interval` (Ansible's default 1 s);
 *   4. the licensing state read once more and asserted registered and authorized (what the smartlic playbook's
 *      `status` + `verify` tasks do).
 * Each host carries `onboard_plan`, the key of its configuration plan, and the configuration tasks run `when`
 * it matches; the command tasks run `when` the host's `ansible_network_os` matches. All pure text generation.
 */
import { stringify } from 'yaml';
import type { PlannedEdit } from '../../src/intents/planned-edit.js';
import type { Inventory } from '../../src/inventory/types.js';
import type { PlatformId } from '../../src/platforms/types.js';

export interface ConfigurationPlan {
  readonly platform: PlatformId;
  readonly edits: readonly PlannedEdit[];
}

/** One `*_config` task: the lines typed in one sub-mode. */
export interface ConfigTask {
  readonly parents: readonly string[];
  readonly lines: readonly string[];
}

export interface RecapLine {
  readonly ok: number;
  readonly changed: number;
  readonly unreachable: number;
  readonly failed: number;
}

const NETWORK_OS: Record<PlatformId, string> = { 'ios-xe': 'cisco.ios.ios', 'ios-xr': 'cisco.iosxr.iosxr' };
const MODULES: Record<PlatformId, { config: string; command: string }> = {
  'ios-xe': { config: 'cisco.ios.ios_config', command: 'cisco.ios.ios_command' },
  'ios-xr': { config: 'cisco.iosxr.iosxr_config', command: 'cisco.iosxr.iosxr_command' },
};
export const WAIT_RETRIES = 60;
export const WAIT_INTERVAL_S = 1;

/**
 * The edits as `*_config` tasks, in order: consecutive edits in the same sub-mode share a task. A block line that
 * only enters a sub-mode (`call-home`, `profile CiscoTAC-1`) is left to `parents`, unless nothing is typed in it.
 */
export function configTasks(edits: readonly PlannedEdit[]): ConfigTask[] {
  const tasks: { parents: string[]; lines: string[] }[] = [];
  const key = (path: readonly string[]): string => JSON.stringify(path);
  for (const [i, edit] of edits.entries()) {
    const path = edit.typedAt ?? edit.path;
    if (edit.enters === true && edit.op === 'add') {
      const inner = [...path, edit.line];
      if (edits.slice(i + 1).some((e) => key((e.typedAt ?? e.path).slice(0, inner.length)) === key(inner))) continue;
    }
    const last = tasks[tasks.length - 1];
    if (last !== undefined && key(last.parents) === key(path)) last.lines.push(edit.command);
    else tasks.push({ parents: [...path], lines: [edit.command] });
  }
  return tasks;
}

function platformOf(host: Inventory['hosts'][string], name: string): PlatformId {
  if (host.platform === undefined) throw new Error(`inventory host ${name} has no platform`);
  return host.platform;
}

/** The INI inventory: connection settings per host and its `onboard_plan`. */
export function ansibleInventory(inventory: Inventory, planKeyOf: (host: string) => string): string {
  const lines = ['[all]'];
  for (const [name, host] of Object.entries(inventory.hosts)) {
    const password = typeof host.password === 'string' ? host.password : '';
    lines.push(
      [
        name,
        `ansible_host=${host.host}`,
        `ansible_port=${host.port ?? 22}`,
        `ansible_user=${host.username ?? 'admin'}`,
        `ansible_password=${password}`,
        'ansible_connection=ansible.netcommon.network_cli',
        `ansible_network_os=${NETWORK_OS[platformOf(host, name)]}`,
        'ansible_network_cli_ssh_type=paramiko',
        `onboard_plan=${planKeyOf(name)}`,
      ].join(' '),
    );
  }
  return `${lines.join('\n')}\n`;
}

function onPlatform(platform: PlatformId): string {
  return `ansible_network_os == '${NETWORK_OS[platform]}'`;
}

/** The playbook (YAML) for these plans, keyed by `onboard_plan`. */
export function ansiblePlaybook(plans: ReadonlyMap<string, ConfigurationPlan>): string {
  const tasks: Record<string, unknown>[] = [];
  for (const [key, plan] of plans) {
    for (const task of configTasks(plan.edits)) {
      tasks.push({
        name: `configuration ${task.parents.length === 0 ? '(global)' : `(${task.parents.join(' / ')})`} [${key}]`,
        [MODULES[plan.platform].config]: { ...(task.parents.length === 0 ? {} : { parents: [...task.parents] }), lines: [...task.lines] },
        when: `onboard_plan == '${key}'`,
      });
    }
  }
  const platforms = [...new Set([...plans.values()].map((p) => p.platform))].sort();
  for (const platform of platforms) {
    tasks.push({
      name: `license smart register idtoken [${platform}]`,
      [MODULES[platform].command]: { commands: ['license smart register idtoken {{ smart_token }}'] },
      when: onPlatform(platform),
      no_log: true,
    });
  }
  for (const platform of platforms) {
    tasks.push({
      name: `wait until AUTHORIZED [${platform}]`,
      [MODULES[platform].command]: { commands: ['show license status'], wait_for: ["result[0] contains 'Status: AUTHORIZED'"], retries: WAIT_RETRIES, interval: WAIT_INTERVAL_S },
      when: onPlatform(platform),
    });
  }
  const registered = (platform: PlatformId): string => `final_${platform.replace('-', '_')}`;
  for (const platform of platforms) {
    tasks.push({
      name: `licensing state [${platform}]`,
      [MODULES[platform].command]: { commands: ['show license status'] },
      when: onPlatform(platform),
      register: registered(platform),
    });
  }
  // A skipped task registers too (its result says skipped): each platform's read has its own variable.
  const finalText = platforms.map((p) => `${registered(p)}.stdout[0] if ${onPlatform(p)}`).join(' else ');
  tasks.push({
    name: 'registered and authorized',
    'ansible.builtin.assert': {
      that: ["'Status: REGISTERED' in final", "'Status: AUTHORIZED' in final"],
      fail_msg: 'the device did not end registered and authorized',
      quiet: true,
    },
    vars: { final: `{{ ${finalText} else '' }}` },
  });
  const play = { name: 'Onboard into Smart Licensing (direct to CSSM)', hosts: 'all', gather_facts: false, tasks };
  return stringify([play], { lineWidth: 0 });
}

/** The vars file with the token (mode 0600 on disk; `-e @file` keeps it off the command line). */
export function ansibleVars(token: string): string {
  return stringify({ smart_token: token });
}

/** PLAY RECAP lines of the default callback, per host. */
export function parseRecap(output: string): Map<string, RecapLine> {
  const recap = new Map<string, RecapLine>();
  const at = output.lastIndexOf('PLAY RECAP');
  if (at < 0) return recap;
  for (const m of output.slice(at).matchAll(/^(\S+)\s+:\s+ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)/gm)) {
    recap.set(m[1]!, { ok: Number(m[2]), changed: Number(m[3]), unreachable: Number(m[4]), failed: Number(m[5]) });
  }
  return recap;
}
