/**
 * One configuration change as a transaction: lock → edit-config → (validate) → commit → unlock. When anything fails
 * after a lock was taken, the candidate is discarded and every lock taken is released before the error is rethrown,
 * so the device is not left half-configured or locked. A `lock-denied` (another session holds the lock) is retried
 * with bounded exponential backoff.
 */
import pRetry, { AbortError } from 'p-retry';
import { InvalidArgumentError, NetconfRpcError, PlatformError } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import { preferredEditTarget } from './capabilities.js';
import type { NetconfClient } from './client.js';
import type { DatastoreName, DefaultOperation, ErrorOption, TestOption, XmlContent } from './requests.js';

export interface LockRetryOptions {
  /** Retries after the first attempt. Default 5. */
  readonly retries?: number;
  /** First back-off delay. Default 250 ms. */
  readonly minTimeoutMs?: number;
  /** Longest back-off delay. Default 4 s. */
  readonly maxTimeoutMs?: number;
}

export interface ConfigTransactionOptions {
  readonly config: XmlContent;
  /** Default: `candidate` when the server has it, else `running` when it is writable. */
  readonly target?: 'candidate' | 'running';
  readonly defaultOperation?: DefaultOperation;
  readonly testOption?: TestOption;
  readonly errorOption?: ErrorOption;
  /** Validate the candidate before commit. Default: when the server has :validate and the target is candidate. */
  readonly validate?: boolean;
  /** Commit confirmed; the caller confirms later with `client.commit()` (or `{ persistId }`). */
  readonly confirmed?: { readonly timeoutSeconds?: number; readonly persist?: string };
  /** Datastores to lock, in order. Default: the target only. */
  readonly locks?: readonly DatastoreName[];
  readonly lockRetry?: LockRetryOptions;
  /** Timeout of each RPC. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  readonly logger?: Logger;
}

export interface ConfigTransactionResult {
  readonly target: 'candidate' | 'running';
  readonly committed: boolean;
  /** A confirmed commit is pending and must be confirmed. */
  readonly confirmPending: boolean;
  readonly locked: readonly DatastoreName[];
  /** Attempts the locks took (1 when no lock-denied was met). */
  readonly lockAttempts: number;
}

function isLockDenied(error: unknown): boolean {
  return error instanceof NetconfRpcError && error.errors.some((e) => e.tag === 'lock-denied');
}

export async function applyConfigTransaction(
  client: NetconfClient,
  options: ConfigTransactionOptions,
): Promise<ConfigTransactionResult> {
  const host = client.session.host;
  const logger = (options.logger ?? silentLogger).child({ component: 'netconf-transaction' });
  const target = options.target ?? preferredEditTarget(client.features);
  if (target === null) {
    throw new PlatformError('the server offers neither :candidate nor :writable-running; there is no datastore to edit', { host });
  }
  if (target !== 'candidate' && target !== 'running') {
    throw new InvalidArgumentError('transaction target', `${JSON.stringify(target)} is not candidate or running`);
  }
  if (options.confirmed !== undefined && target !== 'candidate') {
    throw new InvalidArgumentError('transaction', 'a confirmed commit needs the candidate datastore');
  }
  const rpc = {
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const locks = options.locks ?? [target];
  const retry = options.lockRetry ?? {};
  const locked: DatastoreName[] = [];
  let lockAttempts = 0;

  const release = async (discard: boolean): Promise<void> => {
    if (discard && target === 'candidate') {
      try {
        await client.discardChanges(rpc);
      } catch (error) {
        logger.warn({ error }, 'discard-changes failed while cleaning up');
      }
    }
    for (const store of [...locked].reverse()) {
      try {
        await client.unlock(store, rpc);
      } catch (error) {
        logger.warn({ error, datastore: store }, 'unlock failed while cleaning up');
      }
    }
    locked.length = 0;
  };

  try {
    await pRetry(
      async () => {
        lockAttempts += 1;
        for (const store of locks) {
          if (locked.includes(store)) continue;
          try {
            await client.lock(store, rpc);
          } catch (error) {
            if (!isLockDenied(error)) throw new AbortError(error instanceof Error ? error : String(error));
            // give back what this attempt took, so that two transactions backing off do not deadlock
            await release(false);
            throw error;
          }
          locked.push(store);
        }
      },
      {
        retries: retry.retries ?? 5,
        minTimeout: retry.minTimeoutMs ?? 250,
        maxTimeout: retry.maxTimeoutMs ?? 4000,
        factor: 2,
        randomize: true,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onFailedAttempt: ({ attemptNumber, retriesLeft }) => {
          logger.info({ attemptNumber, retriesLeft }, 'lock denied; backing off');
        },
      },
    );
  } catch (error) {
    await release(false);
    throw error instanceof AbortError ? error.originalError : error;
  }

  try {
    await client.editConfig(target, options.config, {
      ...rpc,
      ...(options.defaultOperation === undefined ? {} : { defaultOperation: options.defaultOperation }),
      ...(options.testOption === undefined ? {} : { testOption: options.testOption }),
      ...(options.errorOption === undefined ? {} : { errorOption: options.errorOption }),
    });
    let committed = false;
    if (target === 'candidate') {
      if (options.validate ?? client.features.validate) await client.validate('candidate', rpc);
      await client.commit(
        options.confirmed === undefined
          ? {}
          : {
              confirmed: true,
              ...(options.confirmed.timeoutSeconds === undefined ? {} : { confirmTimeout: options.confirmed.timeoutSeconds }),
              ...(options.confirmed.persist === undefined ? {} : { persist: options.confirmed.persist }),
            },
        rpc,
      );
      committed = true;
    }
    const held = [...locked];
    await release(false);
    return { target, committed, confirmPending: committed && options.confirmed !== undefined, locked: held, lockAttempts };
  } catch (error) {
    await release(true);
    throw error;
  }
}
