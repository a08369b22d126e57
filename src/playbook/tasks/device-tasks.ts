/**
 * The task types that act on a device, defined by their parameters and checks. Their runners are given with
 * `registry.provideRunner(<definition>, run)` (src/playbook/runners/device-runners.ts gives all of them); a
 * registry without them refuses a run that uses one before anything is sent.
 *
 * Parameter shapes:
 *   configure   { intent, writeMemory? }                   the licensing intent (schemas/intent.schema.json)
 *   register    { token, force?, timeout? }                token: {"$env"} / {"$file"}, a template to a secret
 *                                                          variable, or {"cssm": {…}} (created per host through
 *                                                          the inventory's CSSM account); never inline
 *   renew       { kind: "id" | "auth", timeout? }
 *   deregister  { tolerateSyncLoss?, timeout? }
 *   status      { summary?, udi? }                         registers the typed licensing state
 *   show        { command }                                one show command, output filters only
 *   onboard     { token, intent?, force?, acceptModes?, requireDns?, maxClockSkew?, timeout?, pollInterval? }
 *   rma         { removeFromCssm?, evidenceFile?, virtualAccount?, syslogLines?, cssmPolls?, cssmInterval? }
 *   reregister  { token, procedure?: "sync-loss" | "force", always?, timeout?, pollInterval? }
 *   watch       { duration, interval?, autoRenew?, warnWithin? }
 *
 * Every one honours check mode: it reads, reports what it would change, and sends no configuration line and no
 * license command.
 */
import { idTokenProblem } from '../../driver/id-token.js';
import { InvalidIntentError, PlaybookError, type FieldIssue } from '../../errors.js';
import { validateIntent } from '../../intents/validate-intent.js';
import { isSecret } from '../../secret.js';
import { durationToMs } from '../duration.js';
import { isDeferred } from '../expression.js';
import type { TaskCheckContext, TaskDefinition } from '../task-type.js';
import { showCommandProblem } from './show-command.js';

/** The intent schema shipped in schemas/, referenced by name from the playbook schema. */
export const INTENT_SCHEMA_FILE = 'intent.schema.json';

/** A one-use ID token created through the inventory's CSSM account, for each host, when the task needs it. */
export interface CssmTokenRequest {
  readonly cssm: {
    readonly description?: string;
    /** Days until the token expires (CSSM default 30). */
    readonly days?: number;
    readonly exportControlled?: boolean;
  };
}

export interface ConfigureParams {
  readonly intent: Readonly<Record<string, unknown>>;
  /** IOS-XE: `write memory` after a verified change. */
  readonly writeMemory?: boolean;
}

export interface RegisterParams {
  /** A `Secret` once rendered, or a `CssmTokenRequest`. */
  readonly token: unknown;
  readonly force?: boolean;
  readonly timeout?: number | string;
}

export interface RenewParams {
  readonly kind: 'id' | 'auth';
  readonly timeout?: number | string;
}

export interface DeregisterParams {
  readonly tolerateSyncLoss?: boolean;
  readonly timeout?: number | string;
}

export interface StatusParams {
  readonly summary?: boolean;
  readonly udi?: boolean;
}

export interface ShowParams {
  readonly command: string;
}

export type LicensingModeParam = 'classic' | 'slp' | 'traditional';

export interface OnboardParams {
  readonly token: unknown;
  readonly intent?: Readonly<Record<string, unknown>>;
  readonly force?: boolean;
  readonly acceptModes?: readonly LicensingModeParam[];
  readonly requireDns?: boolean;
  readonly maxClockSkew?: number | string;
  readonly timeout?: number | string;
  readonly pollInterval?: number | string;
}

export interface RmaParams {
  readonly removeFromCssm?: boolean;
  readonly evidenceFile?: string;
  readonly virtualAccount?: string;
  readonly syslogLines?: number;
  readonly cssmPolls?: number;
  readonly cssmInterval?: number | string;
}

export type ReregisterProcedure = 'sync-loss' | 'force';

export interface ReregisterParams {
  readonly token: unknown;
  readonly procedure?: ReregisterProcedure;
  readonly always?: boolean;
  readonly probe?: boolean;
  readonly timeout?: number | string;
  readonly pollInterval?: number | string;
}

export interface WatchParams {
  readonly duration: number | string;
  readonly interval?: number | string;
  readonly autoRenew?: boolean;
  readonly warnWithin?: number | string;
}

export function isCssmTokenRequest(value: unknown): value is CssmTokenRequest {
  return value !== null && typeof value === 'object' && !isSecret(value) && 'cssm' in value;
}

const duration = (description: string): Record<string, unknown> => ({ description, $ref: '#/definitions/duration' });

/** The wait for the registration (workflows/registration-wait.ts) that onboard and reregister run. */
const registrationWait = {
  timeout: duration('How long to wait for the registration to complete (default 5m).'),
  pollInterval: duration('Between status reads while the device registers: the register step starts its reads at this interval (default 2s, backing off) and the wait step keeps to it (default 5s).'),
};

const intent = { description: 'The desired licensing configuration (DNS, call-home in one deployment mode, trust, HTTP client source interface).', $ref: INTENT_SCHEMA_FILE };

const token = {
  description:
    'The CSSM ID token, never inline: {"$env": VAR} / {"$file": PATH}, a {{ template }} naming a secret variable, or {"cssm": {description?, days?, exportControlled?}} for a one-use token created through the inventory\'s CSSM account for each host when it registers (not in check mode).',
  oneOf: [
    { $ref: '#/definitions/secretRef' },
    {
      type: 'object',
      additionalProperties: false,
      required: ['cssm'],
      properties: {
        cssm: {
          type: 'object',
          additionalProperties: false,
          properties: {
            description: { type: 'string', minLength: 1, maxLength: 100 },
            days: { description: 'Days until the token expires (1-365; CSSM default 30).', type: 'integer', minimum: 1, maximum: 365 },
            exportControlled: { description: 'Allow export-controlled functionality on the products registered with it.', type: 'boolean' },
          },
        },
      },
    },
  ],
};

function object(properties: Record<string, unknown>, required: readonly string[] = []): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties };
}

function prefixed(prefix: string, issues: readonly FieldIssue[]): FieldIssue[] {
  return issues.map((i) => ({ pointer: `${prefix}${i.pointer}`, message: i.message }));
}

/** The intent checked as `configure` would check it on this host's platform (values, deployment mode, platform support). */
function intentIssues(value: unknown, ctx: TaskCheckContext, pointer: string): FieldIssue[] {
  if (value === undefined || isDeferred(value)) return [];
  try {
    validateIntent(value, ctx.host?.platform);
    return [];
  } catch (error) {
    if (error instanceof InvalidIntentError) return prefixed(pointer, error.issues);
    throw error;
  }
}

/** The inventory's `cssm` entry is there and its secret resolves (when an inventory is given). */
function cssmIssues(ctx: TaskCheckContext, pointer: string, why: string): FieldIssue[] {
  const inventory = ctx.inventory;
  if (inventory === undefined) return [];
  if (inventory.raw.cssm === undefined) return [{ pointer, message: `${why}, but inventory ${inventory.file} has no "cssm" entry` }];
  try {
    void inventory.cssm;
    return [];
  } catch (error) {
    if (error instanceof PlaybookError) return error.issues.map((i) => ({ pointer, message: `${why}: inventory ${inventory.file} ${i.pointer}: ${i.message}` }));
    throw error;
  }
}

function tokenIssues(value: unknown, ctx: TaskCheckContext, pointer: string): FieldIssue[] {
  if (isSecret(value)) {
    const problem = idTokenProblem(value.reveal());
    return problem === null ? [] : [{ pointer, message: `the ID token ${problem}` }];
  }
  if (isCssmTokenRequest(value)) return cssmIssues(ctx, pointer, 'the token is to be created through CSSM');
  return [];
}

function durationIssues(params: object, fields: readonly string[], min: Readonly<Record<string, number>> = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const field of fields) {
    const raw = (params as Record<string, unknown>)[field];
    if (raw === undefined || isDeferred(raw)) continue;
    const ms = durationToMs(raw);
    const floor = min[field] ?? 1;
    if (ms !== undefined && ms < floor) issues.push({ pointer: `/${field}`, message: `must be at least ${floor} ms` });
  }
  return issues;
}

export const configureTask: TaskDefinition<ConfigureParams> = {
  name: 'configure',
  description:
    'Apply a licensing intent with the minimal change, verified (IOS-XR one commit; IOS-XE restored on any failure); with check, read and report the diff only.',
  paramsSchema: object({ intent, writeMemory: { description: 'IOS-XE: write memory after a verified change.', type: 'boolean' } }, ['intent']),
  supportsCheck: true,
  validate(params, ctx) {
    if (isDeferred(params)) return [];
    return intentIssues(params.intent, ctx, '/intent');
  },
};

export const registerTask: TaskDefinition<RegisterParams> = {
  name: 'register',
  description:
    'license smart register idtoken <token> [force], followed until registered and authorized (or a classified failure); with check, report whether it would register.',
  paramsSchema: object(
    {
      token,
      force: { description: 'Register a device that is registered already, or retry at once after a failed registration (004:236).', type: 'boolean' },
      timeout: duration('How long to follow the registration (default 3m).'),
    },
    ['token'],
  ),
  supportsCheck: true,
  validate(params, ctx) {
    if (isDeferred(params)) return [];
    return [...tokenIssues(params.token, ctx, '/token'), ...durationIssues(params, ['timeout'])];
  },
};

export const renewTask: TaskDefinition<RenewParams> = {
  name: 'renew',
  description: 'license smart renew id (the ID certificate) or renew auth (the authorization), followed until the new attempt succeeded; IOS-XE agents without the keywords get license smart renew.',
  paramsSchema: object({ kind: { enum: ['id', 'auth'] }, timeout: duration('How long to follow the renewal (default 3m).') }, ['kind']),
  supportsCheck: true,
  validate(params) {
    return isDeferred(params) ? [] : durationIssues(params, ['timeout']);
  },
};

export const deregisterTask: TaskDefinition<DeregisterParams> = {
  name: 'deregister',
  description: 'license smart deregister, followed until the device holds no registration; a device that holds none is left alone.',
  paramsSchema: object({
    tolerateSyncLoss: { description: "Accept CSSM's AGENT_DEREG_FAILED once the device dropped its registration (the sync-loss case, 004:654-684).", type: 'boolean' },
    timeout: duration('How long to follow the deregistration (default 3m).'),
  }),
  supportsCheck: true,
  validate(params) {
    return isDeferred(params) ? [] : durationIssues(params, ['timeout']);
  },
};

export const statusTask: TaskDefinition<StatusParams> = {
  name: 'status',
  description:
    'Read the typed licensing state: {platform, registration: {status, …}, authorization: {status, …}, compliance: {status, findings}, udi?, usage?}; register it to verify it.',
  paramsSchema: object({
    summary: { description: 'Also read show license summary (the entitlements in use, as usage).', type: 'boolean' },
    udi: { description: 'Also read show license udi.', type: 'boolean' },
  }),
  supportsCheck: true,
};

export const showTask: TaskDefinition<ShowParams> = {
  name: 'show',
  description: 'Run one show command (output filters allowed) and return the parsed result when a parser knows it, else {output}.',
  paramsSchema: object({ command: { type: 'string', minLength: 1, maxLength: 4096 } }, ['command']),
  supportsCheck: true,
  validate(params) {
    if (isDeferred(params) || typeof params.command !== 'string') return [];
    const problem = showCommandProblem(params.command);
    return problem === null ? [] : [{ pointer: '/command', message: problem }];
  },
};

export const onboardTask: TaskDefinition<OnboardParams> = {
  name: 'onboard',
  description:
    'Onboarding workflow: pre-flight (show version, licensing mode, clock, name server) → apply the intent → register → wait for the Smart Agent → verify; with check, pre-flight and plan only.',
  paramsSchema: object(
    {
      token,
      intent,
      force: { description: 'Register again even when the device is registered.', type: 'boolean' },
      acceptModes: {
        description: 'Licensing modes onboarding accepts (default ["classic"]).',
        type: 'array',
        minItems: 1,
        uniqueItems: true,
        items: { enum: ['classic', 'slp', 'traditional'] },
      },
      requireDns: { description: 'Require a name server before registering (default true).', type: 'boolean' },
      maxClockSkew: duration('Largest tolerated difference between the device clock and ours (default 5m).'),
      ...registrationWait,
    },
    ['token'],
  ),
  supportsCheck: true,
  validate(params, ctx) {
    if (isDeferred(params)) return [];
    return [...tokenIssues(params.token, ctx, '/token'), ...intentIssues(params.intent, ctx, '/intent'), ...durationIssues(params, ['maxClockSkew', 'timeout', 'pollInterval'])];
  },
};

export const rmaTask: TaskDefinition<RmaParams> = {
  name: 'rma',
  description:
    "RMA workflow: capture the evidence, license smart deregister, verify the device is unregistered and CSSM (the inventory's cssm entry) no longer lists it, optionally remove it there; the evidence bundle is the value.",
  paramsSchema: object({
    removeFromCssm: { description: 'Remove the product instance through the CSSM API when the deregistration left it there (default false: fail).', type: 'boolean' },
    evidenceFile: { description: 'Also write the evidence bundle to this file (0600, relative to the working directory), e.g. "rma/{{ host.name }}.json".', type: 'string', minLength: 1, maxLength: 1024 },
    virtualAccount: { description: "Virtual account to look the instance up in (default: the inventory's).", type: 'string', minLength: 1 },
    syslogLines: { description: 'Recent Smart Licensing syslog lines kept in the evidence (default 50).', type: 'integer', minimum: 1, maximum: 10000 },
    cssmPolls: { description: 'Reads of CSSM before the instance counts as still listed (default 3).', type: 'integer', minimum: 1, maximum: 100 },
    cssmInterval: duration('Between those reads (default 10s).'),
  }),
  supportsCheck: true,
  validate(params, ctx) {
    if (isDeferred(params)) return [];
    const issues = cssmIssues(ctx, '', 'the RMA workflow verifies the product instance is gone from CSSM');
    if (typeof params.evidenceFile === 'string' && /[\u0000-\u001f]/.test(params.evidenceFile)) issues.push({ pointer: '/evidenceFile', message: 'contains a control character' });
    return issues;
  },
};

export const reregisterTask: TaskDefinition<ReregisterParams> = {
  name: 'reregister',
  description:
    'Forced re-registration with a new token: procedure "sync-loss" (default; 004:597-684: detect "Data and signature do not match", renew auth, deregister, register force, verify) or "force" (any failure state: register force, verify).',
  paramsSchema: object(
    {
      token,
      procedure: { description: '"sync-loss" (default) or "force".', enum: ['sync-loss', 'force'] },
      always: { description: 'procedure "force": re-register even a healthy device (default false: skipped).', type: 'boolean' },
      probe: {
        description:
          'procedure "sync-loss": when the device shows no sync loss yet, send license smart renew auth to find out (004:626): refused with "Data and signature do not match", the procedure goes on; renewed, the device is left alone (default false; not in check mode).',
        type: 'boolean',
      },
      ...registrationWait,
    },
    ['token'],
  ),
  supportsCheck: true,
  validate(params, ctx) {
    if (isDeferred(params)) return [];
    const issues = [...tokenIssues(params.token, ctx, '/token'), ...durationIssues(params, ['timeout', 'pollInterval'])];
    if (params.always !== undefined && params.procedure !== 'force') issues.push({ pointer: '/always', message: 'applies to procedure "force" only' });
    if (params.probe !== undefined && params.procedure === 'force') issues.push({ pointer: '/probe', message: 'applies to procedure "sync-loss" only' });
    return issues;
  },
};

export const watchTask: TaskDefinition<WatchParams> = {
  name: 'watch',
  description:
    'Compliance watch for a bounded time: polls the status every interval, reports deadlines, renewal due, out of compliance and the cBR-8 lockout risk as progress; autoRenew renews the authorization when due (not in check mode).',
  paramsSchema: object(
    {
      duration: duration('How long to watch; polls = duration / interval + 1.'),
      interval: duration('Between polls (default 1h).'),
      autoRenew: { description: 'license smart renew auth when the renewal is due or the authorization is expiring (never on a sync loss).', type: 'boolean' },
      warnWithin: duration('Warn this long before a deadline (default 30d).'),
    },
    ['duration'],
  ),
  supportsCheck: true,
  validate(params) {
    if (isDeferred(params)) return [];
    const issues = durationIssues(params, ['interval']);
    const total = durationToMs(params.duration);
    const interval = params.interval === undefined ? 3_600_000 : durationToMs(params.interval);
    if (total !== undefined && interval !== undefined && interval > 0 && total / interval > 10_000) {
      issues.push({ pointer: '/interval', message: 'would poll more than 10000 times in the duration; use a longer interval' });
    }
    return issues;
  },
};

export const deviceTaskDefinitions: readonly TaskDefinition[] = [
  configureTask,
  registerTask,
  renewTask,
  deregisterTask,
  statusTask,
  showTask,
  onboardTask,
  rmaTask,
  reregisterTask,
  watchTask,
] as readonly TaskDefinition<never>[] as readonly TaskDefinition[];
