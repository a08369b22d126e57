/**
 * The emulated world the end-to-end workflow tests run on: `startLab()` (CSSM emulator + a fleet with the Smart
 * Agent, on one `ManualTimers` clock), the inventory it writes, the real adapters (`inventoryDeviceOpener`,
 * `intentApplier`, `CssmClient`), tight driver polls, and a collector that subscribes to a workflow and waits for
 * it with a wall-clock bound. Real SSH on loopback, real HTTP to CSSM.
 */
import { readFileSync } from 'node:fs';
import type { Observable, Subscription } from 'rxjs';
import { CssmClient } from '../../../src/cssm/client.js';
import { ManualTimers } from '../../../src/emulator/device/timers.js';
import type { EmulatedDevice } from '../../../src/emulator/device/types.js';
import { startLab, type Lab } from '../../../src/emulator/lab.js';
import { smartAgentOf } from '../../../src/emulator/smart-agent/agent-registry.js';
import type { SmartAgent } from '../../../src/emulator/smart-agent/smart-agent.js';
import type { DeviceModel } from '../../../src/inventory/types.js';
import { inventoryFromObject, type LoadedInventory } from '../../../src/inventory/load.js';
import { intentApplier, inventoryDeviceOpener } from '../../../src/workflows/driver-adapters.js';
import type { DeviceResultEvent, FleetSummary, WorkflowEvent } from '../../../src/workflows/events.js';
import type { DeviceOpener, IntentApplier } from '../../../src/workflows/ports.js';

/** The devices' login password: distinctive, so a test can look for it in events and bundles. */
export const LAB_PASSWORD = 'e2e-Lab-Pa55word-7261';

/** The lab's virtual start; the workflows read the same clock. */
export const LAB_START = '2026-03-01T00:00:00Z';

/** Driver polls (status after a licensing command) and the registration wait: tight, bounded. */
export const DRIVER_POLLS = { pollIntervalMs: 15, maxPollIntervalMs: 60, timeoutMs: 20_000 };
export const REGISTRATION_WAIT = { pollIntervalMs: 20, timeoutMs: 20_000 };
/** Fleet retries in wall-clock milliseconds (asyncScheduler): short, bounded. */
export const FAST_RETRY = { retries: 3, minTimeoutMs: 30, factor: 2, maxTimeoutMs: 300, jitter: 0, maxRetryTimeMs: 20_000 };

/** The direct-mode fixture without its source interface (the emulated devices have no Loopback0). */
export function directIntentDocument(): Record<string, unknown> {
  const { httpClient: _sourceInterface, ...direct } = JSON.parse(readFileSync(new URL('../../intents/fixtures/direct.json', import.meta.url), 'utf8')) as Record<string, unknown>;
  return direct;
}

export function directIntent(): IntentApplier {
  return intentApplier(directIntentDocument());
}

export interface E2eLab {
  readonly lab: Lab;
  readonly timers: ManualTimers;
  readonly inventory: LoadedInventory;
  readonly open: DeviceOpener;
  readonly cssmClient: CssmClient;
  readonly hosts: readonly string[];
  device(name: string): EmulatedDevice;
  agent(name: string): SmartAgent;
  /** Open SSH connections over the whole fleet. */
  openConnections(): number;
  /** Secret values of the lab (device password, CSSM client secret) for leak checks. */
  secrets(): string[];
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

export async function startE2eLab(t: Teardown, devices: number, models?: readonly DeviceModel[]): Promise<E2eLab> {
  const timers = new ManualTimers(LAB_START);
  const lab = await startLab({
    devices,
    platform: 'mixed',
    timers,
    users: [{ username: 'admin', password: LAB_PASSWORD, privilege: 15 }],
    ...(models === undefined ? {} : { models }),
    // The lab's own Smart Agent on every device; these workflows use the CLI only.
    netconf: false,
  });
  t.teardown(() => lab.close());
  const inventory = inventoryFromObject(lab.inventory(), 'lab.json');
  const cssmEntry = inventory.cssm;
  if (cssmEntry === undefined) throw new Error('the lab inventory has no cssm entry');
  const device = (name: string): EmulatedDevice => {
    const found = lab.fleet.device(name);
    if (found === undefined) throw new Error(`no device ${name}`);
    return found;
  };
  return {
    lab,
    timers,
    inventory,
    open: inventoryDeviceOpener(inventory, { licensing: DRIVER_POLLS }),
    cssmClient: new CssmClient(cssmEntry),
    hosts: lab.fleet.devices.map((d) => d.name),
    device,
    agent: (name) => {
      const agent = smartAgentOf(device(name));
      if (agent === undefined) throw new Error(`${name} has no Smart Agent`);
      return agent;
    },
    openConnections: () => lab.fleet.devices.reduce((n, d) => n + d.connections, 0),
    secrets: () => [LAB_PASSWORD, lab.cssm.clientSecret.reveal()],
  };
}

export interface Collection {
  readonly events: WorkflowEvent[];
  /** Resolves when the source completes; rejects on error or when the wall-clock bound passes. */
  readonly done: Promise<WorkflowEvent[]>;
  readonly subscription: Subscription;
  /** Resolves once `predicate` holds for an event received (checked at each event), bounded in wall-clock time. */
  until(predicate: (event: WorkflowEvent) => boolean, limitMs?: number): Promise<WorkflowEvent>;
}

export function collect(source: Observable<WorkflowEvent>, limitMs = 50_000): Collection {
  const events: WorkflowEvent[] = [];
  const waiters = new Set<{ predicate: (e: WorkflowEvent) => boolean; resolve: (e: WorkflowEvent) => void }>();
  let subscription: Subscription | undefined;
  const done = new Promise<WorkflowEvent[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription?.unsubscribe();
      reject(new Error(`the workflow did not complete within ${limitMs} ms (${events.length} events)`));
    }, limitMs);
    subscription = source.subscribe({
      next: (event) => {
        events.push(event);
        for (const waiter of [...waiters]) {
          if (waiter.predicate(event)) {
            waiters.delete(waiter);
            waiter.resolve(event);
          }
        }
      },
      error: (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
      complete: () => {
        clearTimeout(timer);
        resolve(events);
      },
    });
    // Unsubscribed by the test: the run will not complete, and that is no failure.
    subscription.add(() => clearTimeout(timer));
  });
  return {
    events,
    done,
    subscription: subscription as unknown as Subscription,
    until: (predicate, waitMs = 30_000) => {
      const seen = events.find(predicate);
      if (seen !== undefined) return Promise.resolve(seen);
      return new Promise<WorkflowEvent>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (e: WorkflowEvent) => {
            clearTimeout(timer);
            resolve(e);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching event within ${waitMs} ms (${events.length} events)`));
        }, waitMs);
        waiters.add(waiter);
      });
    },
  };
}

/** Polls `condition` every few ms until it holds; rejects after `limitMs` (wall clock). */
export async function waitFor(condition: () => boolean, what: string, limitMs = 20_000): Promise<void> {
  const end = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function summaryOf(events: readonly WorkflowEvent[]): FleetSummary {
  const last = events[events.length - 1];
  if (last?.type !== 'summary') throw new Error(`the run did not end with a summary (last: ${JSON.stringify(last)?.slice(0, 300)})`);
  return last.summary;
}

export function resultsOf(events: readonly WorkflowEvent[]): Map<string, DeviceResultEvent> {
  return new Map(events.filter((e): e is DeviceResultEvent => e.type === 'result').map((e) => [e.device, e]));
}

export function stepsOf(events: readonly WorkflowEvent[], device: string): string[] {
  return events.filter((e) => e.type === 'step' && e.device === device).map((e) => (e.type === 'step' ? `${e.step}:${e.status}` : ''));
}
