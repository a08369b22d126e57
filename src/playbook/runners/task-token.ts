/**
 * A task's `token` parameter as the ID token to register with: a `Secret` (a `{"$env"}` / `{"$file"}` reference
 * or a template to a secret variable, resolved before the run), or `{"cssm": {…}}` — a one-use token created
 * through the inventory's CSSM account for this host, only when the registration is about to be sent.
 */
import { InvalidArgumentError } from '../../errors.js';
import { isSecret, type Secret } from '../../secret.js';
import type { TokenSource } from '../../workflows/ports.js';
import type { HostContext } from '../task-type.js';
import { isCssmTokenRequest, type CssmTokenRequest } from '../tasks/device-tasks.js';
import { hostCssm } from './host-cssm.js';

async function createToken(request: CssmTokenRequest, ctx: HostContext): Promise<Secret> {
  const cssm = await hostCssm(ctx);
  const { description, days, exportControlled } = request.cssm;
  const created = await cssm.createToken({
    description: description ?? `smartlic ${ctx.host}`,
    maxUses: 1,
    ...(days === undefined ? {} : { expiresAfterDays: days }),
    ...(exportControlled === undefined ? {} : { exportControlled }),
  });
  ctx.logger.info({ virtualAccount: created.virtualAccount, expiresAt: created.expiresAt }, 'one-use ID token created through CSSM');
  return created.token;
}

export async function obtainTaskToken(param: unknown, ctx: HostContext): Promise<Secret> {
  if (isSecret(param)) return param;
  if (isCssmTokenRequest(param)) return createToken(param, ctx);
  throw new InvalidArgumentError('token', 'must be a secret reference or {"cssm": {…}}', { host: ctx.host });
}

/** The same, for a workflow: the token is obtained when the workflow reaches its registration step. */
export function taskTokenSource(param: unknown, ctx: HostContext): TokenSource {
  if (isSecret(param)) return param;
  return async () => obtainTaskToken(param, ctx);
}
