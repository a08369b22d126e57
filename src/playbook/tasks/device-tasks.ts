/**
 * The task types that act on a device, defined by their parameters and checks. Their runners are given with
 * `registry.provideRunner(<definition>, run)` by the layer that opens devices (driver / workflows); until then
 * a run that uses one is refused before anything is sent.
 *
 * Parameter shapes:
 *   configure   { intent }                       the licensing intent (schemas/licensing-intent.schema.json)
 *   register    { token, force?, timeout? }      token: {"$env"} / {"$file"}, or a template to a secret variable
 *                                                (an inline or plain-variable token fails the schema check)
 *   renew       { kind: "id" | "auth" }
 *   deregister  {}
 *   status      {}                               registers the typed licensing state
 *   show        { command }                      one show command, output filters only
 *   onboard     { intent, token, force?, timeout? }   configure → register → wait until registered
 *   rma         { removeFromCssm?, timeout? }    deregister before a return, optionally remove the CSSM instance
 *   reregister  { token, timeout? }              forced re-registration
 *   watch       { duration, interval? }          compliance watch for a bounded time
 */
import { isDeferred } from '../expression.js';
import type { TaskDefinition } from '../task-type.js';
import { showCommandProblem } from './show-command.js';

export const INTENT_SCHEMA_FILE = 'licensing-intent.schema.json';

export interface ConfigureParams {
  readonly intent: Readonly<Record<string, unknown>>;
}

export interface RegisterParams {
  /** A `Secret` once rendered. */
  readonly token: unknown;
  readonly force?: boolean;
  readonly timeout?: number | string;
}

export interface RenewParams {
  readonly kind: 'id' | 'auth';
}

export type DeregisterParams = Readonly<Record<string, never>>;
export type StatusParams = Readonly<Record<string, never>>;

export interface ShowParams {
  readonly command: string;
}

export interface OnboardParams {
  readonly intent: Readonly<Record<string, unknown>>;
  readonly token: unknown;
  readonly force?: boolean;
  readonly timeout?: number | string;
}

export interface RmaParams {
  readonly removeFromCssm?: boolean;
  readonly timeout?: number | string;
}

export interface ReregisterParams {
  readonly token: unknown;
  readonly timeout?: number | string;
}

export interface WatchParams {
  readonly duration: number | string;
  readonly interval?: number | string;
}

const intent = { description: 'The desired licensing configuration (DNS, call-home, trustpoint …).', $ref: INTENT_SCHEMA_FILE };
const token = { description: 'The CSSM ID token, by reference only.', $ref: '#/definitions/secretRef' };
const timeout = { description: 'How long to wait for the device to finish.', $ref: '#/definitions/duration' };

function object(properties: Record<string, unknown>, required: readonly string[] = []): Record<string, unknown> {
  return { type: 'object', additionalProperties: false, ...(required.length > 0 ? { required } : {}), properties };
}

export const configureTask: TaskDefinition<ConfigureParams> = {
  name: 'configure',
  description: 'Apply a licensing intent (DNS, call-home, trustpoint, transport) transactionally; with check, report the diff only.',
  paramsSchema: object({ intent }, ['intent']),
  supportsCheck: true,
};

export const registerTask: TaskDefinition<RegisterParams> = {
  name: 'register',
  description: 'Register the device with an ID token and wait for the registration to complete.',
  paramsSchema: object({ token, force: { description: 'Re-register even if already registered.', type: 'boolean' }, timeout }, ['token']),
  supportsCheck: false,
};

export const renewTask: TaskDefinition<RenewParams> = {
  name: 'renew',
  description: 'Renew the ID certificate (kind "id") or the authorization (kind "auth").',
  paramsSchema: object({ kind: { enum: ['id', 'auth'] } }, ['kind']),
  supportsCheck: false,
};

export const deregisterTask: TaskDefinition<DeregisterParams> = {
  name: 'deregister',
  description: 'Deregister the device from CSSM.',
  paramsSchema: object({}),
  supportsCheck: false,
};

export const statusTask: TaskDefinition<StatusParams> = {
  name: 'status',
  description: 'Read the typed licensing state (registration, authorization, usage); register it to verify it.',
  paramsSchema: object({}),
  supportsCheck: true,
};

export const showTask: TaskDefinition<ShowParams> = {
  name: 'show',
  description: 'Run one show command (output filters allowed) and return the parsed result when a parser knows it, else the text.',
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
  description: 'Onboarding workflow: configure the intent, register with the token, wait until registered and authorized.',
  paramsSchema: object({ intent, token, force: { type: 'boolean' }, timeout }, ['intent', 'token']),
  supportsCheck: false,
};

export const rmaTask: TaskDefinition<RmaParams> = {
  name: 'rma',
  description: 'RMA workflow: deregister the device before it is returned and (by default) remove its product instance from CSSM.',
  paramsSchema: object({ removeFromCssm: { type: 'boolean' }, timeout }),
  supportsCheck: false,
};

export const reregisterTask: TaskDefinition<ReregisterParams> = {
  name: 'reregister',
  description: 'Forced re-registration workflow (after a CSSM sync loss): register with force and wait until authorized.',
  paramsSchema: object({ token, timeout }, ['token']),
  supportsCheck: false,
};

export const watchTask: TaskDefinition<WatchParams> = {
  name: 'watch',
  description: 'Compliance watch for a bounded time: report registration / authorization changes and timers as progress.',
  paramsSchema: object({ duration: { $ref: '#/definitions/duration' }, interval: { $ref: '#/definitions/duration' } }, ['duration']),
  supportsCheck: true,
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
