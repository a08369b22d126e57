/** The CSSM API client of the inventory's `cssm` entry, one per host per run (tokens, the RMA product-instance check). */
import { CssmClient } from '../../cssm/client.js';
import { PlaybookError } from '../../errors.js';
import type { HostContext } from '../task-type.js';

export function hostCssm(ctx: HostContext): Promise<CssmClient> {
  return ctx.acquire(
    'cssm',
    async () => {
      const account = ctx.inventory.cssm;
      if (account === undefined) {
        throw new PlaybookError('E_INVENTORY', ctx.inventory.file, [{ pointer: '/cssm', message: `no "cssm" entry: task on ${ctx.host} needs the CSSM API` }]);
      }
      return CssmClient.fromAccount(account, { signal: ctx.signal, logger: ctx.logger });
    },
    async () => undefined,
  );
}
