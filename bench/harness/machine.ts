/** What the numbers were measured on: hardware, load and the versions of every contender's stack. */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { cpus, loadavg, release, totalmem, type } from 'node:os';

export const SYSTEM_PYTHON = '/usr/bin/python3';

export interface MachineInfo {
  readonly date: string;
  readonly cpu: string;
  readonly cores: number;
  readonly ramGiB: number;
  readonly os: string;
  /** 1-minute load average when the run started (the machine may be shared). */
  readonly load1: number;
  readonly node: string;
  readonly ssh2: string;
  readonly python: string;
  readonly netmiko: string;
  readonly paramiko: string;
}

const PYTHON_VERSIONS = `
import json, platform
out = {"python": platform.python_version()}
for name in ("netmiko", "paramiko"):
    try:
        out[name] = __import__(name).__version__
    except Exception as exc:
        out[name] = "not importable (%s)" % type(exc).__name__
print(json.dumps(out))
`;

function pythonVersions(): Promise<{ python: string; netmiko: string; paramiko: string }> {
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, ['-c', PYTHON_VERSIONS], { timeout: 60_000 }, (error, stdout) => {
      if (error !== null) {
        resolve({ python: `unavailable (${SYSTEM_PYTHON}: ${error.message.split('\n')[0]})`, netmiko: 'unavailable', paramiko: 'unavailable' });
        return;
      }
      try {
        resolve(JSON.parse(stdout) as { python: string; netmiko: string; paramiko: string });
      } catch {
        resolve({ python: 'unreadable', netmiko: 'unreadable', paramiko: 'unreadable' });
      }
    });
  });
}

export async function machineInfo(now: () => Date = () => new Date()): Promise<MachineInfo> {
  const require = createRequire(import.meta.url);
  const ssh2 = (require('ssh2/package.json') as { version: string }).version;
  const list = cpus();
  const py = await pythonVersions();
  return {
    date: now().toISOString(),
    cpu: (list[0]?.model ?? 'unknown').replace(/\s+/g, ' ').trim(),
    cores: list.length,
    ramGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    os: `${type()} ${release()}`,
    load1: Math.round(loadavg()[0]! * 100) / 100,
    node: process.version,
    ssh2,
    python: py.python,
    netmiko: py.netmiko,
    paramiko: py.paramiko,
  };
}

/** One line for a table caption: `Intel Xeon …, 2 cores, 23.5 GiB, Linux 6.1, Node v20.20.2, ssh2 1.17.0, …`. */
export function describeMachine(m: MachineInfo): string {
  return `${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, load ${m.load1}; Node ${m.node}, ssh2 ${m.ssh2}, Python ${m.python}, netmiko ${m.netmiko}, paramiko ${m.paramiko}`;
}
