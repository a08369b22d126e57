/**
 * `smartlic cssm …`: the CSSM account of an inventory — create, list and revoke registration tokens, list and
 * remove product instances, list licenses. Uses the inventory's `cssm` entry (src/inventory/load.ts).
 */
import type { Command } from 'commander';
import { CssmClient } from '../../cssm/client.js';
import type { CssmPathFamily } from '../../cssm/types.js';
import { InvalidArgumentError, PlaybookError } from '../../errors.js';
import { loadInventory } from '../../inventory/load.js';
import { ExitCode } from '../exit-codes.js';
import type { CliContext, CommandRegistrar } from '../program.js';

interface CommonOptions {
  readonly inventory: string;
  readonly virtualAccount?: string;
  readonly api?: string;
  readonly timeout?: string;
  readonly json?: boolean;
}

function positiveInt(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError(name, `"${value}" is not a whole number`);
  const n = Number(value);
  if (n < min || n > max) throw new InvalidArgumentError(name, `must be between ${min} and ${max}, got ${n}`);
  return n;
}

async function clientFor(ctx: CliContext, opts: CommonOptions): Promise<CssmClient> {
  const family = opts.api ?? 'apx';
  if (family !== 'apx' && family !== 'legacy') throw new InvalidArgumentError('--api', `must be apx or legacy, got "${family}"`);
  const timeoutMs = positiveInt('--timeout', opts.timeout, 1, 600_000);
  const inventory = await loadInventory(opts.inventory, { env: ctx.io.env, cwd: ctx.io.cwd });
  const account = inventory.cssm;
  if (account === undefined) {
    throw new PlaybookError('E_INVENTORY', opts.inventory, [{ pointer: '/cssm', message: 'the inventory has no cssm entry' }]);
  }
  return CssmClient.fromAccount(
    opts.virtualAccount === undefined ? account : { ...account, virtualAccount: opts.virtualAccount },
    {
      pathFamily: family as CssmPathFamily,
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      ...(ctx.io.signal === undefined ? {} : { signal: ctx.io.signal }),
    },
  );
}

function withCommon(cmd: Command): Command {
  return cmd
    .requiredOption('-i, --inventory <file>', 'inventory (JSON or YAML) with a "cssm" entry')
    .option('--virtual-account <name>', 'virtual account (default: the inventory\'s)')
    .option('--api <family>', 'API path family: apx (current) or legacy (swapi)', 'apx')
    .option('--timeout <ms>', 'per-request timeout in milliseconds')
    .option('--json', 'machine-readable output on stdout')
    .addHelpText('after', CSSM_EXIT_CODES);
}

const CSSM_EXIT_CODES = `
Exit codes: 0 done; 1 CSSM answered but did not do it (token not revoked, instance not removed) or could not be
reached (E_CSSM_*); 2 bad input (inventory without a "cssm" entry, options, missing variable); 3 internal error.`;

function write(ctx: CliContext, text: string): void {
  ctx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows.reduce<number[]>((w, r) => r.map((c, i) => Math.max(w[i] ?? 0, c.length)), []);
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')).join('\n');
}

/** The start of a token, enough to tell tokens apart without printing one. */
function tokenHint(token: string): string {
  return `${token.slice(0, 8)}…`;
}

export const registerCssm: CommandRegistrar = (program, ctx) => {
  const cssm = program.command('cssm').description('Cisco Smart Software Manager: registration tokens, product instances, licenses');
  const token = cssm.command('token').description('registration (ID) tokens');

  withCommon(token.command('create').description('create a registration token and print it'))
    .option('--days <n>', 'days until the token expires, 1-365 (CSSM default 30)')
    .option('--uses <n>', 'maximum number of registrations with this token (default unlimited)')
    .option('--export-controlled', 'allow export-controlled functionality on products registered with it')
    .option('--description <text>', 'token description')
    .action(async (opts: CommonOptions & { days?: string; uses?: string; exportControlled?: boolean; description?: string }) => {
      const days = positiveInt('--days', opts.days, 1, 365);
      const uses = positiveInt('--uses', opts.uses, 1, 1_000_000);
      if (opts.description !== undefined && /[\u0000-\u001f\u007f]/.test(opts.description)) {
        throw new InvalidArgumentError('--description', 'must not contain control characters');
      }
      const client = await clientFor(ctx, opts);
      const created = await client.createToken({
        ...(days === undefined ? {} : { expiresAfterDays: days }),
        ...(uses === undefined ? {} : { maxUses: uses }),
        ...(opts.description === undefined ? {} : { description: opts.description }),
        exportControlled: opts.exportControlled === true,
      });
      if (opts.json) {
        write(
          ctx,
          JSON.stringify({
            token: created.token.reveal(),
            virtualAccount: created.virtualAccount,
            expiresAt: created.expiresAt,
            description: created.description,
            exportControlled: created.exportControlled,
            maxUses: created.maxUses ?? null,
          }),
        );
      } else {
        write(ctx, created.token.reveal());
      }
    });

  withCommon(token.command('list').description('list the registration tokens of the virtual account (token text abbreviated)')).action(
    async (opts: CommonOptions) => {
      const tokens = await (await clientFor(ctx, opts)).listTokens();
      if (opts.json) {
        write(
          ctx,
          JSON.stringify(
            tokens.map((t) => ({
              tokenHint: tokenHint(t.token.reveal()),
              virtualAccount: t.virtualAccount,
              expiresAt: t.expiresAt,
              description: t.description,
              exportControlled: t.exportControlled,
              maxUses: t.maxUses ?? null,
              uses: t.uses ?? null,
              state: t.state,
            })),
          ),
        );
        return;
      }
      const rows = [['TOKEN', 'EXPIRES', 'USES', 'EXPORT', 'STATE', 'DESCRIPTION']];
      for (const t of tokens) {
        rows.push([
          tokenHint(t.token.reveal()),
          t.expiresAt,
          `${t.uses ?? '?'}/${t.maxUses === null || t.maxUses === undefined ? '∞' : t.maxUses}`,
          t.exportControlled ? 'allowed' : 'not allowed',
          t.state,
          t.description,
        ]);
      }
      write(ctx, tokens.length === 0 ? 'no tokens' : table(rows));
    },
  );

  withCommon(token.command('revoke').description('revoke a registration token (read from the environment variable)'))
    .requiredOption('--token-env <var>', 'environment variable holding the token')
    .action(async (opts: CommonOptions & { tokenEnv: string }) => {
      const value = ctx.io.env[opts.tokenEnv];
      if (value === undefined || value === '') throw new InvalidArgumentError('--token-env', `environment variable ${opts.tokenEnv} is not set`);
      const [result] = await (await clientFor(ctx, opts)).revokeTokens([value]);
      const revoked = result?.revoked === true;
      if (opts.json) write(ctx, JSON.stringify({ revoked, message: result?.message ?? '' }));
      else write(ctx, revoked ? 'revoked' : `not revoked: ${result?.message ?? 'no answer'}`);
      if (!revoked) ctx.exitCode = ExitCode.hostFailed;
    });

  withCommon(cssm.command('instances').description('list the product instances of the virtual account')).action(
    async (opts: CommonOptions) => {
      const list = await (await clientFor(ctx, opts)).listProductInstances();
      if (opts.json) {
        write(ctx, JSON.stringify(list));
        return;
      }
      const rows = [['HOSTNAME', 'PID', 'SN', 'STATUS', 'LAST CONTACT', 'VIRTUAL ACCOUNT']];
      for (const pi of list) rows.push([pi.hostname || '-', pi.udi.pid, pi.udi.sn, pi.status, pi.lastContactAt ?? '-', pi.virtualAccount]);
      write(ctx, list.length === 0 ? 'no product instances' : table(rows));
    },
  );

  withCommon(cssm.command('remove-instance').description('remove a product instance from CSSM (RMA); the device is not told'))
    .requiredOption('--sn <serial>', 'serial number of the product instance')
    .option('--pid <pid>', 'product ID (looked up when absent)')
    .action(async (opts: CommonOptions & { sn: string; pid?: string }) => {
      const result = await (await clientFor(ctx, opts)).removeProductInstance({ sn: opts.sn, ...(opts.pid === undefined ? {} : { pid: opts.pid }) });
      if (opts.json) write(ctx, JSON.stringify(result));
      else write(ctx, result.removed ? `removed SN ${opts.sn}` : `not removed: ${result.message}`);
      if (!result.removed) ctx.exitCode = ExitCode.hostFailed;
    });

  withCommon(cssm.command('licenses').description('licenses of the virtual account: purchased, in use, compliance')).action(async (opts: CommonOptions) => {
    const list = await (await clientFor(ctx, opts)).listLicenses();
    if (opts.json) {
      write(ctx, JSON.stringify(list));
      return;
    }
    const rows = [['LICENSE', 'PURCHASED', 'IN USE', 'AVAILABLE', 'STATUS']];
    for (const l of list) rows.push([l.entitlementTag ? `${l.name} (${l.entitlementTag})` : l.name, String(l.quantity), String(l.inUse), String(l.available), l.status]);
    write(ctx, list.length === 0 ? 'no licenses' : table(rows));
  });
};
