/**
 * Human output of a playbook run. On a TTY: one progress line redrawn in place (a bar, counts, what is running),
 * with failures, diffs and batch starts printed above it as they happen. Anywhere else (a CI log, a pipe): plain
 * lines, one per finished task. Both end with a recap per host.
 *
 * A small renderer rather than a progress-bar library: it is one line of ANSI (carriage return, erase line),
 * the run's own events already say everything to show, and a library would bring its own TTY detection and
 * timers that tests then have to fight.
 */
import { systemClock, type Clock } from '../clock.js';
import { formatDuration } from './duration.js';
import type { PlaybookEvent, TaskEvent } from './events.js';
import type { PlaybookReport } from './report.js';

export interface ProgressOutput {
  write(chunk: string): unknown;
  readonly columns?: number;
}

export interface ProgressOptions {
  /** Redraw a progress line in place (the output is a terminal). */
  readonly tty: boolean;
  /** ANSI colours (TTY only; the CLI turns them off for NO_COLOR). */
  readonly color?: boolean;
  readonly clock?: Clock;
  /** Minimum time between two redraws of the progress line, in ms. */
  readonly redrawMs?: number;
}

const COLORS = { red: '\x1b[31m', green: '\x1b[32m', yellow: '\x1b[33m', dim: '\x1b[2m', reset: '\x1b[0m' } as const;

export class ProgressRenderer {
  readonly #out: ProgressOutput;
  readonly #tty: boolean;
  readonly #color: boolean;
  readonly #clock: Clock;
  readonly #redrawMs: number;
  #total = 0;
  #done = 0;
  #taskCount = 0;
  #batches = 0;
  readonly #counts = { ok: 0, changed: 0, failed: 0, skipped: 0 };
  readonly #running = new Map<string, string>();
  #lineShown = false;
  #lastDraw = Number.NEGATIVE_INFINITY;

  constructor(out: ProgressOutput, options: ProgressOptions) {
    this.#out = out;
    this.#tty = options.tty;
    this.#color = options.tty && options.color !== false;
    this.#clock = options.clock ?? systemClock;
    this.#redrawMs = options.redrawMs ?? 100;
  }

  #paint(color: keyof typeof COLORS, text: string): string {
    return this.#color ? `${COLORS[color]}${text}${COLORS.reset}` : text;
  }

  /** Prints a permanent line (above the progress line on a TTY). */
  #print(text: string): void {
    if (this.#tty && this.#lineShown) this.#out.write('\r\x1b[2K');
    this.#lineShown = false;
    this.#out.write(`${text}\n`);
  }

  #draw(force: boolean): void {
    if (!this.#tty) return;
    const now = this.#clock.now();
    if (!force && now - this.#lastDraw < this.#redrawMs) return;
    this.#lastDraw = now;
    const width = Math.max(40, this.#out.columns ?? 80);
    const barWidth = 20;
    const ratio = this.#total === 0 ? 1 : this.#done / this.#total;
    const filled = Math.round(ratio * barWidth);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
    const c = this.#counts;
    const running = [...this.#running.entries()];
    const current = running.length === 0 ? '' : ` · ${running[0]?.[1] ?? ''} on ${running[0]?.[0] ?? ''}${running.length > 1 ? ` +${running.length - 1}` : ''}`;
    let line = `${bar} ${this.#done}/${this.#total} · ok ${c.ok} · changed ${c.changed} · failed ${c.failed} · skipped ${c.skipped}${current}`;
    if (line.length > width - 1) line = `${line.slice(0, width - 2)}…`;
    this.#out.write(`\r\x1b[2K${line}`);
    this.#lineShown = true;
  }

  #label(e: TaskEvent): string {
    return `${e.host}  [${e.index + 1}/${this.#taskCount}] ${e.task}`;
  }

  handle(event: PlaybookEvent): void {
    switch (event.kind) {
      case 'run-started':
        this.#total = event.hosts.length * event.tasks;
        this.#taskCount = event.tasks;
        this.#batches = event.batches;
        this.#print(`PLAY ${event.playbook} (${event.file}): ${event.hosts.length} host(s), ${event.tasks} task(s)${event.check ? ', check mode' : ''}`);
        break;
      case 'batch-started':
        if (this.#batches > 1) this.#print(`batch ${event.batch}/${this.#batches}: ${event.hosts.join(', ')}`);
        break;
      case 'task':
        this.#task(event);
        break;
      case 'progress':
        if (!this.#tty) this.#print(`${event.host}  [${event.index + 1}/${this.#taskCount}] ${event.task}  … ${event.step}${event.detail === undefined ? '' : `: ${event.detail}`}`);
        break;
      case 'host-finished':
        this.#done += event.notRun;
        this.#counts.skipped += event.notRun;
        break;
      case 'run-finished':
        this.#recap(event.report);
        return;
    }
    this.#draw(event.kind !== 'progress');
  }

  #task(e: TaskEvent): void {
    const key = e.host;
    if (e.status === 'started') {
      this.#running.set(key, e.task);
      return;
    }
    this.#running.delete(key);
    this.#done++;
    this.#counts[e.status]++;
    const took = e.durationMs === undefined ? '' : `  (${formatDuration(e.durationMs)})`;
    if (e.status === 'failed') {
      const tag = e.ignored === true ? this.#paint('yellow', 'failed (ignored)') : this.#paint('red', 'FAILED');
      this.#print(`${this.#label(e)}  ${tag}${took}  ${e.error?.code ?? ''}: ${e.error?.message ?? e.detail ?? ''}`);
    } else if (!this.#tty || e.status === 'changed' || e.diff !== undefined) {
      const status = e.status === 'changed' ? this.#paint('yellow', 'changed') : e.status === 'ok' ? this.#paint('green', 'ok') : this.#paint('dim', 'skipped');
      this.#print(`${this.#label(e)}  ${status}${took}${e.detail === undefined ? '' : `  ${e.detail}`}`);
    }
    if (e.diff !== undefined) for (const line of e.diff.split('\n')) this.#print(`    ${line}`);
  }

  #recap(report: PlaybookReport): void {
    if (this.#tty && this.#lineShown) this.#out.write('\r\x1b[2K');
    this.#lineShown = false;
    const width = Math.max(4, ...report.hosts.map((h) => h.host.length));
    const lines = [`RECAP ${report.playbook}: ${report.hosts.length} host(s) in ${formatDuration(report.durationMs)}${report.cancelled ? ' (cancelled)' : ''}`];
    for (const host of report.hosts) {
      const n = { ok: 0, changed: 0, failed: 0, skipped: 0 };
      for (const t of host.tasks) n[t.status]++;
      const color = host.status === 'failed' || host.status === 'cancelled' ? 'red' : host.status === 'changed' ? 'yellow' : host.status === 'ok' ? 'green' : 'dim';
      let line = `  ${host.host.padEnd(width)}  ${this.#paint(color, host.status.padEnd(9))}  ok=${n.ok} changed=${n.changed} failed=${n.failed} skipped=${n.skipped}`;
      const failed = host.tasks.find((t) => t.status === 'failed' && t.ignored !== true);
      if (failed !== undefined) line += `  → task ${failed.index} "${failed.name}": ${failed.error?.code ?? ''}`;
      lines.push(line);
    }
    if (report.stopped !== undefined) lines.push(`  stopped: ${report.stopped}`);
    this.#out.write(`${lines.join('\n')}\n`);
  }
}
