/**
 * Runs `ansible-playbook` (Debian ansible: cisco.ios / cisco.iosxr network_cli over paramiko) against a
 * running fleet, with its settings and temporary files in a throw-away directory and the JSON callback so the
 * test reads per-host results.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Inventory } from '../../src/inventory/types.js';
import { run } from './helpers.js';

const NETWORK_OS = { 'ios-xe': 'cisco.ios.ios', 'ios-xr': 'cisco.iosxr.iosxr' } as const;

/** An INI inventory for Ansible from the smartlic inventory contract (what `smartlic emulate` writes). */
export function ansibleInventory(inventory: Inventory): string {
  const lines = ['[all]'];
  for (const [name, host] of Object.entries(inventory.hosts)) {
    const os = host.platform === undefined ? undefined : NETWORK_OS[host.platform];
    lines.push(
      [
        name,
        `ansible_host=${host.host}`,
        `ansible_port=${host.port ?? 22}`,
        `ansible_user=${host.username ?? 'admin'}`,
        `ansible_password=${typeof host.password === 'string' ? host.password : ''}`,
        'ansible_connection=ansible.netcommon.network_cli',
        `ansible_network_os=${os ?? ''}`,
        'ansible_network_cli_ssh_type=paramiko',
      ].join(' '),
    );
  }
  for (const [group, members] of Object.entries(inventory.groups ?? {})) lines.push('', `[${group}]`, ...members);
  return `${lines.join('\n')}\n`;
}

export interface PlaybookRun {
  readonly code: number | null;
  readonly stats: Record<string, { ok: number; changed: number; failures: number; unreachable: number }>;
  /** Per task name, per host: the module result. */
  readonly tasks: Record<string, Record<string, Record<string, unknown>>>;
  readonly output: string;
}

export class AnsibleWorkspace {
  readonly dir = mkdtempSync(join(tmpdir(), 'smartlic-ansible-'));

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  async playbook(inventory: Inventory, playbook: string): Promise<PlaybookRun> {
    const inventoryPath = join(this.dir, 'inventory.ini');
    const playbookPath = join(this.dir, 'playbook.yml');
    writeFileSync(inventoryPath, ansibleInventory(inventory));
    writeFileSync(playbookPath, playbook);
    const env: NodeJS.ProcessEnv = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: this.dir,
      ANSIBLE_HOME: join(this.dir, 'home'),
      ANSIBLE_LOCAL_TEMP: join(this.dir, 'tmp'),
      ANSIBLE_PERSISTENT_CONTROL_PATH_DIR: join(this.dir, 'pc'),
      ANSIBLE_HOST_KEY_CHECKING: 'False',
      ANSIBLE_PARAMIKO_HOST_KEY_CHECKING: 'False',
      ANSIBLE_RETRY_FILES_ENABLED: 'False',
      ANSIBLE_STDOUT_CALLBACK: 'json',
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_COMMAND_TIMEOUT: '60',
      ANSIBLE_PERSISTENT_COMMAND_TIMEOUT: '60',
      ANSIBLE_PERSISTENT_CONNECT_TIMEOUT: '60',
      ANSIBLE_FORKS: '4',
    };
    const result = await run('ansible-playbook', ['-i', inventoryPath, playbookPath], { env, cwd: this.dir, timeoutMs: 300_000 });
    const start = result.stdout.indexOf('{');
    let parsed: { stats?: PlaybookRun['stats']; plays?: { tasks: { task: { name: string }; hosts: Record<string, Record<string, unknown>> }[] }[] } = {};
    try {
      parsed = JSON.parse(result.stdout.slice(start)) as typeof parsed;
    } catch {
      throw new Error(`ansible-playbook printed no JSON (exit ${result.code}): ${result.stdout.slice(-2000)} ${result.stderr.slice(-2000)}`);
    }
    const tasks: PlaybookRun['tasks'] = {};
    for (const play of parsed.plays ?? []) for (const task of play.tasks) tasks[task.task.name] = task.hosts;
    return { code: result.code, stats: parsed.stats ?? {}, tasks, output: `${result.stdout.slice(-4000)}\n${result.stderr.slice(-2000)}` };
  }
}
