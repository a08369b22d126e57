/** Shared by the playbook tests: an inventory, a registry whose device tasks record what they were asked. */
import { inventoryFromObject, type LoadedInventory } from '../../src/inventory/load.js';
import { createTaskRegistry } from '../../src/playbook/builtin-tasks.js';
import type { TaskRegistry } from '../../src/playbook/task-registry.js';
import type { HostContext, TaskResult } from '../../src/playbook/task-type.js';
import { isSecret } from '../../src/secret.js';

/** Values no test output may ever contain. */
export const SECRETS = {
  DEV_PW: 'dev-password-6c1f0e9a-playbook',
  SMARTLIC_TOKEN: 'idtoken-ZmFrZS10b2tlbi0xMjM0NTY3ODkw-playbook',
} as const;

export const ENV: NodeJS.ProcessEnv = { ...SECRETS };

export function inventoryObject(): Record<string, unknown> {
  return {
    defaults: { username: 'admin', password: { $env: 'DEV_PW' }, hostKeyPolicy: 'insecure' },
    hosts: {
      'cbr8-1': { host: '127.0.0.1', port: 40001, platform: 'ios-xe', model: 'cBR-8', vars: { dns: ['192.0.2.53'] } },
      'cbr8-2': { host: '127.0.0.1', port: 40003, platform: 'ios-xe', model: 'cBR-8', vars: { dns: ['not-an-ip'] } },
      'ncs1004-1': { host: '127.0.0.1', port: 40005, platform: 'ios-xr', model: 'NCS-1004' },
    },
    groups: { cbr8: ['cbr8-1', 'cbr8-2'], ncs1004: ['ncs1004-1'] },
    vars: { site: 'lab', dns: ['198.51.100.53'] },
    groupVars: { cbr8: { role: 'edge' } },
  };
}

export function inventory(data: Record<string, unknown> = inventoryObject()): LoadedInventory {
  return inventoryFromObject(data, 'inv.json', { env: ENV });
}

export interface Call {
  readonly type: string;
  readonly host: string;
  readonly params: unknown;
  readonly check: boolean;
}

export interface Recording {
  readonly registry: TaskRegistry;
  readonly calls: Call[];
  /** Typed state the fake `status` task returns per host (registered hosts by default). */
  readonly state: Map<string, { registration: string; authorization: string }>;
}

/** The shipped registry with every device task given a fake runner that records its call. */
export function recordingRegistry(): Recording {
  const registry = createTaskRegistry();
  const calls: Call[] = [];
  const state = new Map<string, { registration: string; authorization: string }>();
  const record = (type: string, params: unknown, ctx: HostContext): void => {
    calls.push({ type, host: ctx.host, params, check: ctx.check });
  };
  const simple = (type: string, changed: boolean) => async (params: unknown, ctx: HostContext): Promise<TaskResult> => {
    record(type, params, ctx);
    return { changed, detail: `${type} done` };
  };
  registry.provideRunner('configure', async (params, ctx) => {
    record('configure', params, ctx);
    return { changed: true, detail: ctx.check ? 'would change 2 lines' : 'changed 2 lines', diff: '+ ip name-server 192.0.2.53\n+ ip domain lookup' };
  });
  registry.provideRunner('register', async (params, ctx) => {
    record('register', params, ctx);
    const token = (params as { token: unknown }).token;
    if (!isSecret(token)) throw new TypeError('token is not a Secret');
    if (!ctx.check) state.set(ctx.host, { registration: 'registered', authorization: 'authorized' });
    return { changed: true, value: { token, echoed: `idtoken ${token.reveal()}` }, detail: `registered with ${token.reveal()}` };
  });
  registry.provideRunner('renew', simple('renew', true));
  registry.provideRunner('deregister', simple('deregister', true));
  registry.provideRunner('status', async (params, ctx) => {
    record('status', params, ctx);
    const s = state.get(ctx.host) ?? { registration: 'unregistered', authorization: 'eval-mode' };
    return { changed: false, value: { registration: { status: s.registration }, authorization: { status: s.authorization } } };
  });
  registry.provideRunner('show', simple('show', false));
  for (const type of ['onboard', 'rma', 'reregister', 'watch']) registry.provideRunner(type, simple(type, true));
  registry.register({
    name: 'reload',
    description: 'a task type that cannot run in check mode (the engine skips it there)',
    paramsSchema: { type: 'object', additionalProperties: false, properties: {} },
    supportsCheck: false,
    run: simple('reload', true),
  });
  return { registry, calls, state };
}
