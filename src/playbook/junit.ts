/**
 * A playbook report as JUnit XML, one `<testsuite>` per host and one `<testcase>` per task. Per host because
 * the host is the unit that fails and is isolated (its later tasks do not run), and because CI systems
 * (GitLab, Jenkins, GitHub test reporters) group and count by suite: "which devices failed" is then the first
 * thing they show, with the failing task and its error code inside. Failures carry the error code as `type`
 * and the message; skipped tasks say why; an ignored failure passes with the error in `<system-err>`;
 * a cancelled task is an `<error>`. Everything is XML-escaped and secret values are scrubbed.
 */
import { redactText } from '../secret.js';
import type { HostReport, PlaybookReport, TaskReport } from './report.js';

// Characters XML 1.0 does not allow at all (control characters other than tab, LF, CR; lone surrogates; U+FFFE/F).
const INVALID_XML = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

function clean(text: string): string {
  return redactText(text).replace(INVALID_XML, '\uFFFD');
}

function escapeAttribute(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function escapeText(text: string): string {
  return clean(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attributes(attrs: Readonly<Record<string, string | number>>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`)
    .join('');
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function errorText(task: TaskReport): string {
  const error = task.error;
  if (error === undefined) return task.detail ?? '';
  const lines = [`${error.code}: ${error.message}`];
  for (const [key, value] of Object.entries(error)) {
    if (key === 'code' || key === 'message' || key === 'name' || key === 'host') continue;
    lines.push(`${key}: ${typeof value === 'string' ? value : JSON.stringify(value)}`);
  }
  return lines.join('\n');
}

function testcase(host: HostReport, task: TaskReport): string {
  const open = `    <testcase${attributes({ name: `${String(task.index).padStart(2, '0')} ${task.name}`, classname: `smartlic.${host.host.replace(/\./g, '_')}`, time: seconds(task.durationMs) })}`;
  const body: string[] = [];
  if (task.status === 'failed' && task.ignored === true) {
    body.push(`      <system-err>${escapeText(`failed (ignoreErrors): ${errorText(task)}`)}</system-err>`);
  } else if (task.status === 'failed') {
    const tag = task.error?.code === 'E_CANCELLED' ? 'error' : 'failure';
    body.push(`      <${tag}${attributes({ type: task.error?.code ?? 'E_INTERNAL', message: task.error?.message ?? task.detail ?? 'failed' })}>${escapeText(errorText(task))}</${tag}>`);
  } else if (task.status === 'skipped') {
    body.push(`      <skipped${attributes({ message: task.notRun ?? task.detail ?? 'skipped' })}/>`);
  } else if (task.detail !== undefined || task.diff !== undefined) {
    body.push(`      <system-out>${escapeText([task.status, task.detail, task.diff].filter((x) => x !== undefined).join('\n'))}</system-out>`);
  }
  return body.length === 0 ? `${open}/>` : `${open}>\n${body.join('\n')}\n    </testcase>`;
}

function counts(tasks: readonly TaskReport[]): { tests: number; failures: number; errors: number; skipped: number } {
  const failed = tasks.filter((t) => t.status === 'failed' && t.ignored !== true);
  const errors = failed.filter((t) => t.error?.code === 'E_CANCELLED').length;
  return { tests: tasks.length, failures: failed.length - errors, errors, skipped: tasks.filter((t) => t.status === 'skipped').length };
}

export function toJUnitXml(report: PlaybookReport): string {
  const all = report.hosts.flatMap((h) => h.tasks);
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
  lines.push(`<testsuites${attributes({ name: `smartlic ${report.playbook}`, ...counts(all), time: seconds(report.durationMs), timestamp: report.startedAt })}>`);
  for (const host of report.hosts) {
    const time = host.tasks.reduce((sum, t) => sum + t.durationMs, 0);
    lines.push(`  <testsuite${attributes({ name: host.host, ...counts(host.tasks), time: seconds(time), timestamp: report.startedAt })}>`);
    lines.push(`    <properties>`);
    for (const [name, value] of [['status', host.status], ['batch', String(host.batch)], ['playbook', report.file], ['check', String(report.check)]] as const) {
      lines.push(`      <property${attributes({ name, value })}/>`);
    }
    lines.push(`    </properties>`);
    for (const task of host.tasks) lines.push(testcase(host, task));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
