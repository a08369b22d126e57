/**
 * The NETCONF side of one emulated device, shared by all its sessions: datastores (running from the binding, a
 * candidate kept here, an optional startup), per-datastore locks, the pending confirmed commit, the session
 * registry (for kill-session), custom RPC handlers and the capability list. `serveNetconf` runs one session
 * against it; every datastore operation runs under one device-wide mutex, so sessions see each other's changes
 * atomically.
 */
import { InvalidArgumentError, type RpcErrorInfo } from '../../errors.js';
import { silentLogger, type Logger } from '../../log.js';
import { BASE_1_0, BASE_1_1, CAPABILITY } from '../../netconf/namespaces.js';
import type { CommitOptions, DatastoreName, DefaultOperation, ErrorOption, TestOption } from '../../netconf/requests.js';
import type { XmlNode } from '../../netconf/xml.js';
import { applyEditToTree, mergeTrees } from './edit-tree.js';
import { MemoryDatastore } from './memory-datastore.js';
import { rpcFailure } from './rpc-failure.js';
import { SchemaIndex, type SchemaHints } from './schema.js';
import type {
  ConfigValidator,
  Datastore,
  DatastoreWrite,
  ExternalLocks,
  NetconfProfile,
  RpcHandler,
  RpcRegistration,
  StateProvider,
  Timers,
  YangModuleRef,
} from './types.js';

export interface NetconfDeviceOptions {
  readonly profile: NetconfProfile;
  /** The running configuration (the binding maps it to and from the device's configuration model). */
  readonly running: Datastore;
  /** Startup datastore when `profile.startup`; default: in memory, starting empty. */
  readonly startup?: Datastore;
  /** Modules announced in the hello; their namespaces are the ones accepted in configuration and filters. */
  readonly modules?: readonly YangModuleRef[];
  /** More namespaces to accept without announcing a module. With no modules and no namespaces, any namespace goes. */
  readonly namespaces?: readonly string[];
  /** Capability URIs announced besides base, profile and modules. */
  readonly capabilities?: readonly string[];
  /** List keys and leaf-lists of the served models, for edit-config and XPath results. */
  readonly schema?: SchemaHints | readonly SchemaHints[];
  readonly rpcs?: readonly RpcRegistration[];
  /** Operational state merged into `<get>`. */
  readonly state?: StateProvider;
  readonly validate?: ConfigValidator;
  /** Locks shared with configuration sessions outside NETCONF. */
  readonly externalLocks?: ExternalLocks;
  /** Default: the global setTimeout / clearTimeout. */
  readonly timers?: Timers;
  readonly logger?: Logger;
  /** Device name for logs. */
  readonly name?: string;
}

export interface EditRequest {
  readonly config: readonly XmlNode[];
  readonly defaultOperation: DefaultOperation;
  readonly testOption: TestOption;
  readonly errorOption: ErrorOption;
}

/** What the engine needs from a running session to kill it. */
export interface SessionHandle {
  readonly sessionId: number;
  /** The authenticated user, when known (passed to the datastores with each write). */
  readonly user?: string | undefined;
  /** Ends the session at once (kill-session, device shutdown). */
  terminate(reason: string): void;
}

export interface PendingConfirmedCommit {
  readonly sessionId: number;
  readonly persist: string | undefined;
  /** Milliseconds of the timeout last set. */
  readonly timeoutMs: number;
}

interface ConfirmState extends PendingConfirmedCommit {
  readonly rollbackTo: readonly XmlNode[];
  readonly timer: unknown;
}

/** Session-id 0 marks a lock held outside NETCONF (RFC 6241 §7.5), e.g. by a CLI configuration session. */
export const EXTERNAL_LOCK_HOLDER = 0;

const DEFAULT_CONFIRM_TIMEOUT_S = 600;

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class NetconfDevice {
  readonly profile: NetconfProfile;
  readonly schema: SchemaIndex;
  readonly modules: readonly YangModuleRef[];
  readonly logger: Logger;

  readonly #running: Datastore;
  readonly #startup: Datastore | undefined;
  readonly #state: StateProvider | undefined;
  readonly #validate: ConfigValidator | undefined;
  readonly #externalLocks: ExternalLocks | undefined;
  readonly #timers: Timers;
  readonly #extraCapabilities: readonly string[];
  readonly #namespaces: ReadonlySet<string> | null;
  readonly #rpcs = new Map<string, RpcHandler>();
  readonly #rpcNamespaces = new Set<string>();
  readonly #locks = new Map<DatastoreName, number>();
  readonly #sessions = new Map<number, SessionHandle>();
  #candidate: readonly XmlNode[] | null = null;
  #confirm: ConfirmState | null = null;
  #nextSessionId = 1;
  #mutex: Promise<unknown> = Promise.resolve();

  constructor(options: NetconfDeviceOptions) {
    const { profile } = options;
    if (profile.confirmedCommit && !profile.candidate) {
      throw new InvalidArgumentError('NETCONF profile', `${profile.name}: confirmed-commit needs the candidate datastore`);
    }
    this.profile = profile;
    this.schema = new SchemaIndex(options.schema ?? []);
    this.modules = options.modules ?? [];
    this.logger = (options.logger ?? silentLogger).child({ component: 'netconf-server', ...(options.name ? { device: options.name } : {}) });
    this.#running = options.running;
    this.#startup = profile.startup ? (options.startup ?? new MemoryDatastore()) : undefined;
    this.#state = options.state;
    this.#validate = options.validate;
    this.#externalLocks = options.externalLocks;
    this.#timers = options.timers ?? defaultTimers;
    this.#extraCapabilities = options.capabilities ?? [];
    const known = [...this.modules.map((m) => m.namespace), ...(options.namespaces ?? [])];
    this.#namespaces = known.length === 0 ? null : new Set(known);
    for (const rpc of options.rpcs ?? []) this.registerRpc(rpc);
  }

  /** The capability list of this device's hello. */
  get capabilities(): readonly string[] {
    const p = this.profile;
    const caps = [BASE_1_0, BASE_1_1];
    if (p.writableRunning) caps.push(CAPABILITY.writableRunning);
    if (p.candidate) caps.push(CAPABILITY.candidate);
    if (p.confirmedCommit) caps.push(CAPABILITY.confirmedCommit, 'urn:ietf:params:netconf:capability:confirmed-commit:1.0');
    if (p.rollbackOnError) caps.push(CAPABILITY.rollbackOnError);
    if (p.validate) caps.push(CAPABILITY.validate, 'urn:ietf:params:netconf:capability:validate:1.0');
    if (p.startup) caps.push(CAPABILITY.startup);
    if (p.xpath) caps.push(CAPABILITY.xpath);
    for (const m of this.modules) {
      const params = [`module=${m.name}`];
      if (m.revision) params.push(`revision=${m.revision}`);
      if (m.features && m.features.length > 0) params.push(`features=${m.features.join(',')}`);
      caps.push(`${m.namespace}?${params.join('&')}`);
    }
    caps.push(...this.#extraCapabilities);
    return caps;
  }

  registerRpc(registration: RpcRegistration): void {
    this.#rpcs.set(`{${registration.namespace}}${registration.name}`, registration.handler);
    this.#rpcNamespaces.add(registration.namespace);
  }

  rpcHandler(namespace: string, name: string): RpcHandler | undefined {
    return this.#rpcs.get(`{${namespace}}${name}`);
  }

  /** Whether a namespace belongs to this device (a module, a registered RPC, or any when none are declared). */
  knowsNamespace(namespace: string): boolean {
    return this.#namespaces === null || this.#namespaces.has(namespace) || this.#rpcNamespaces.has(namespace);
  }

  // ---------------------------------------------------------------- sessions

  /** A fresh session-id (1, 2, …) not used by a live session. */
  allocateSessionId(): number {
    while (this.#sessions.has(this.#nextSessionId) || this.#nextSessionId === EXTERNAL_LOCK_HOLDER) this.#nextSessionId++;
    return this.#nextSessionId++;
  }

  attachSession(handle: SessionHandle): void {
    if (this.#sessions.has(handle.sessionId)) {
      throw new InvalidArgumentError('session-id', `${handle.sessionId} is already in use on this device`);
    }
    this.#sessions.set(handle.sessionId, handle);
  }

  /** Called when a session ends: releases its locks and rolls back its unconfirmed (non-persistent) commit. */
  detachSession(sessionId: number): Promise<void> {
    if (!this.#sessions.delete(sessionId)) return Promise.resolve();
    return this.exclusive(async () => {
      for (const [store, holder] of [...this.#locks]) {
        if (holder !== sessionId) continue;
        this.#locks.delete(store);
        this.#externalLocks?.release(store, sessionId);
      }
      const confirm = this.#confirm;
      if (confirm !== null && confirm.persist === undefined && confirm.sessionId === sessionId) {
        this.logger.info({ sessionId }, 'session ended before confirming its commit; rolling back');
        await this.#rollbackConfirmed('session-end-rollback');
      }
    });
  }

  /**
   * The device rebooted: every session ends, no lock is held (external ones included), the candidate is running
   * again and a pending confirmed commit — persistent or not — is rolled back [INF].
   */
  reset(): Promise<void> {
    for (const handle of [...this.#sessions.values()]) handle.terminate('device reloading');
    return this.exclusive(async () => {
      for (const [store, holder] of [...this.#locks]) {
        this.#locks.delete(store);
        if (holder !== EXTERNAL_LOCK_HOLDER) this.#externalLocks?.release(store, holder);
      }
      if (this.#confirm !== null) await this.#rollbackConfirmed('reload');
      this.#candidate = null;
    });
  }

  get sessionIds(): readonly number[] {
    return [...this.#sessions.keys()];
  }

  /** Ends every session and cancels timers (the device is shutting down). */
  close(): void {
    for (const handle of [...this.#sessions.values()]) handle.terminate('device shutting down');
    if (this.#confirm !== null) this.#timers.clearTimeout(this.#confirm.timer);
  }

  /** Runs `fn` with no other datastore operation of this device running. */
  exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.#mutex.then(() => fn());
    this.#mutex = run.catch(() => undefined);
    return run;
  }

  // ---------------------------------------------------------------- locks

  lockHolder(datastore: DatastoreName): number | undefined {
    return this.#locks.get(datastore);
  }

  get candidateModified(): boolean {
    return this.#candidate !== null;
  }

  get pendingConfirmedCommit(): PendingConfirmedCommit | undefined {
    const c = this.#confirm;
    return c === null ? undefined : { sessionId: c.sessionId, persist: c.persist, timeoutMs: c.timeoutMs };
  }

  lock(sessionId: number, datastore: DatastoreName): Promise<void> {
    return this.exclusive(() => {
      this.#requireDatastore('lock', datastore);
      const holder = this.#locks.get(datastore);
      if (holder !== undefined) {
        throw rpcFailure('lock', 'lock-denied', `the ${datastore} datastore is locked by ${holder === EXTERNAL_LOCK_HOLDER ? 'a non-NETCONF session' : `session ${holder}`}`, {
          info: { 'session-id': holder },
        });
      }
      if (datastore === 'candidate' && this.#candidate !== null) {
        throw rpcFailure('lock', 'lock-denied', 'the candidate datastore has uncommitted changes; commit or discard them first', {
          info: { 'session-id': EXTERNAL_LOCK_HOLDER },
        });
      }
      if (datastore === 'running' && this.#confirm !== null && this.#confirm.sessionId !== sessionId) {
        throw rpcFailure('lock', 'lock-denied', `a confirmed commit by session ${this.#confirm.sessionId} is pending`, {
          info: { 'session-id': this.#confirm.sessionId },
        });
      }
      if (sessionId !== EXTERNAL_LOCK_HOLDER && this.#externalLocks !== undefined && !this.#externalLocks.acquire(datastore, sessionId)) {
        throw rpcFailure('lock', 'lock-denied', `the ${datastore} datastore is locked by a non-NETCONF session`, {
          info: { 'session-id': EXTERNAL_LOCK_HOLDER },
        });
      }
      this.#locks.set(datastore, sessionId);
    });
  }

  unlock(sessionId: number, datastore: DatastoreName): Promise<void> {
    return this.exclusive(() => {
      this.#requireDatastore('unlock', datastore);
      const holder = this.#locks.get(datastore);
      if (holder === undefined) throw rpcFailure('unlock', 'operation-failed', `the ${datastore} datastore is not locked`);
      if (holder !== sessionId) {
        throw rpcFailure('unlock', 'operation-failed', `the ${datastore} lock is held by ${holder === EXTERNAL_LOCK_HOLDER ? 'a non-NETCONF session' : `session ${holder}`}`, {
          info: { 'session-id': holder },
        });
      }
      this.#locks.delete(datastore);
      if (sessionId !== EXTERNAL_LOCK_HOLDER) this.#externalLocks?.release(datastore, sessionId);
    });
  }

  /** Takes a lock for something outside NETCONF (session-id 0 in lock-denied replies). */
  lockExternally(datastore: DatastoreName): Promise<void> {
    return this.lock(EXTERNAL_LOCK_HOLDER, datastore);
  }

  unlockExternally(datastore: DatastoreName): Promise<void> {
    return this.unlock(EXTERNAL_LOCK_HOLDER, datastore);
  }

  // ---------------------------------------------------------------- datastore operations

  /** The content of a datastore (for get-config, copy-config, validate). */
  readDatastore(datastore: DatastoreName, operation = 'get-config'): Promise<readonly XmlNode[]> {
    this.#requireDatastore(operation, datastore);
    return this.#read(datastore);
  }

  /** Running configuration merged with operational state (for `<get>`). */
  async readAll(): Promise<readonly XmlNode[]> {
    const config = await this.#read('running');
    const state = this.#state ? await this.#state() : [];
    return state.length === 0 ? config : mergeTrees(config, state, this.schema);
  }

  /** Throws unknown-namespace for the first element whose namespace the device does not implement. */
  checkNamespaces(nodes: readonly XmlNode[], operation: string): void {
    if (this.#namespaces === null) return;
    const visit = (node: XmlNode): void => {
      if (!this.knowsNamespace(node.ns)) {
        throw rpcFailure(operation, 'unknown-namespace', `namespace "${node.ns}" of <${node.name}> is not implemented by this device`, {
          type: 'application',
          info: { 'bad-element': node.name, 'bad-namespace': node.ns },
        });
      }
      node.children.forEach(visit);
    };
    nodes.forEach(visit);
  }

  /** edit-config. Returns the errors collected under continue-on-error (empty otherwise). */
  editConfig(sessionId: number, target: DatastoreName, edit: EditRequest): Promise<readonly RpcErrorInfo[]> {
    return this.exclusive(async () => {
      this.#requireWritable('edit-config', target, sessionId);
      if (edit.errorOption === 'rollback-on-error' && !this.profile.rollbackOnError) {
        throw rpcFailure('edit-config', 'operation-not-supported', 'error-option rollback-on-error needs the :rollback-on-error capability');
      }
      if (edit.testOption === 'test-only' && !this.profile.validate) {
        throw rpcFailure('edit-config', 'operation-not-supported', 'test-option test-only needs the :validate:1.1 capability');
      }
      this.checkNamespaces(edit.config, 'edit-config');
      const before = await this.#read(target);
      const result = applyEditToTree(before, edit.config, {
        defaultOperation: edit.defaultOperation,
        errorOption: edit.errorOption,
        schema: this.schema,
      });
      const validateNow = edit.testOption === 'test-only' || (edit.testOption === 'test-then-set' && target !== 'candidate');
      if (validateNow) await this.#validateTree(result.tree, target);
      if (edit.testOption !== 'test-only') await this.#write(target, result.tree, this.#writeBy(sessionId, 'edit-config'));
      return result.errors;
    });
  }

  copyConfig(sessionId: number, target: DatastoreName, source: DatastoreName | readonly XmlNode[]): Promise<void> {
    return this.exclusive(async () => {
      this.#requireWritable('copy-config', target, sessionId);
      if (source === target) throw rpcFailure('copy-config', 'invalid-value', `source and target are both ${target}`);
      let tree: readonly XmlNode[];
      if (typeof source === 'string') {
        this.#requireDatastore('copy-config', source);
        tree = await this.#read(source);
      } else {
        this.checkNamespaces(source, 'copy-config');
        tree = source;
      }
      if (target === 'running') await this.#validateTree(tree, target);
      await this.#write(target, tree, this.#writeBy(sessionId, 'copy-config'));
    });
  }

  deleteConfig(sessionId: number, target: DatastoreName): Promise<void> {
    return this.exclusive(async () => {
      if (target !== 'startup') {
        throw rpcFailure('delete-config', 'invalid-value', `the ${target} datastore cannot be deleted`, { info: { 'bad-element': target } });
      }
      this.#requireWritable('delete-config', target, sessionId);
      await this.#write(target, [], this.#writeBy(sessionId, 'delete-config'));
    });
  }

  discardChanges(sessionId: number): Promise<void> {
    return this.exclusive(() => {
      this.#requireCandidate('discard-changes');
      this.#requireUnlockedByOthers('discard-changes', 'candidate', sessionId);
      this.#candidate = null;
    });
  }

  /** Validates a datastore or an inline configuration with the device validator. */
  validateConfig(source: DatastoreName | readonly XmlNode[]): Promise<void> {
    return this.exclusive(async () => {
      if (!this.profile.validate) throw rpcFailure('validate', 'operation-not-supported', 'this device has no :validate capability');
      if (typeof source === 'string') {
        this.#requireDatastore('validate', source);
        await this.#validateTree(await this.#read(source), source);
      } else {
        this.checkNamespaces(source, 'validate');
        await this.#validateTree(source, 'candidate');
      }
    });
  }

  commit(sessionId: number, options: CommitOptions): Promise<void> {
    return this.exclusive(async () => {
      this.#requireCandidate('commit');
      if ((options.confirmed || options.persistId !== undefined) && !this.profile.confirmedCommit) {
        throw rpcFailure('commit', 'operation-not-supported', 'this device has no :confirmed-commit capability');
      }
      this.#requireUnlockedByOthers('commit', 'running', sessionId);
      this.#requireUnlockedByOthers('commit', 'candidate', sessionId);
      const pending = this.#confirm;
      if (pending !== null) {
        if (pending.persist !== undefined) {
          if (options.persistId !== pending.persist) {
            throw rpcFailure('commit', 'invalid-value', options.persistId === undefined
              ? 'a persistent confirmed commit is pending; give its persist-id to confirm it'
              : 'persist-id does not match the pending confirmed commit', { info: { 'bad-element': 'persist-id' } });
          }
        } else if (options.persistId !== undefined) {
          throw rpcFailure('commit', 'invalid-value', 'the pending confirmed commit has no persist id', { info: { 'bad-element': 'persist-id' } });
        } else if (pending.sessionId !== sessionId) {
          throw rpcFailure('commit', 'in-use', `a confirmed commit by session ${pending.sessionId} is pending; only that session can confirm it`, {
            info: { 'session-id': pending.sessionId },
          });
        }
      } else if (options.persistId !== undefined) {
        throw rpcFailure('commit', 'invalid-value', 'no confirmed commit is pending for that persist-id', { info: { 'bad-element': 'persist-id' } });
      }

      const rollbackTo = pending?.rollbackTo ?? (await this.#read('running'));
      await this.#commitCandidate(this.#writeBy(sessionId, 'commit'));
      if (pending !== null) this.#timers.clearTimeout(pending.timer);
      if (options.confirmed) {
        // Node timers hold at most 2^31-1 ms (~24.8 days); a longer confirm-timeout is capped there.
        const timeoutMs = Math.min((options.confirmTimeout ?? DEFAULT_CONFIRM_TIMEOUT_S) * 1000, 2_147_483_647);
        const timer = this.#timers.setTimeout(() => {
          void this.exclusive(async () => {
            const current = this.#confirm;
            if (current === null || current.timer !== timer) return;
            this.logger.info({ sessionId: current.sessionId }, 'confirmed commit timed out; rolling back');
            await this.#rollbackConfirmed('confirmed-commit-timeout');
          }).catch((error: unknown) => this.logger.error({ error }, 'confirmed-commit rollback failed'));
        }, timeoutMs);
        this.#confirm = {
          sessionId: pending?.sessionId ?? sessionId,
          persist: options.persist ?? pending?.persist,
          timeoutMs,
          rollbackTo,
          timer,
        };
      } else {
        this.#confirm = null;
      }
    });
  }

  cancelCommit(sessionId: number, persistId: string | undefined): Promise<void> {
    return this.exclusive(async () => {
      this.#requireCandidate('cancel-commit');
      if (!this.profile.confirmedCommit) throw rpcFailure('cancel-commit', 'operation-not-supported', 'this device has no :confirmed-commit capability');
      const pending = this.#confirm;
      if (pending === null) throw rpcFailure('cancel-commit', 'operation-failed', 'no confirmed commit is pending');
      if (pending.persist !== undefined) {
        if (persistId !== pending.persist) {
          throw rpcFailure('cancel-commit', 'invalid-value', persistId === undefined
            ? 'the pending confirmed commit is persistent; give its persist-id'
            : 'persist-id does not match the pending confirmed commit', { info: { 'bad-element': 'persist-id' } });
        }
      } else if (persistId !== undefined) {
        throw rpcFailure('cancel-commit', 'invalid-value', 'the pending confirmed commit has no persist id', { info: { 'bad-element': 'persist-id' } });
      } else if (pending.sessionId !== sessionId) {
        throw rpcFailure('cancel-commit', 'in-use', `the pending confirmed commit belongs to session ${pending.sessionId}`, {
          info: { 'session-id': pending.sessionId },
        });
      }
      await this.#rollbackConfirmed('cancel-commit');
    });
  }

  killSession(sessionId: number, target: number): void {
    if (target === sessionId) throw rpcFailure('kill-session', 'invalid-value', 'a session cannot kill itself; use close-session', { info: { 'bad-element': 'session-id' } });
    const handle = this.#sessions.get(target);
    if (handle === undefined) throw rpcFailure('kill-session', 'invalid-value', `no session ${target}`, { info: { 'bad-element': 'session-id' } });
    this.logger.info({ sessionId, target }, 'kill-session');
    handle.terminate(`killed by session ${sessionId}`);
  }

  // ---------------------------------------------------------------- internals

  #has(datastore: DatastoreName): boolean {
    return datastore === 'running' || (datastore === 'candidate' && this.profile.candidate) || (datastore === 'startup' && this.profile.startup);
  }

  #requireDatastore(operation: string, datastore: string): void {
    if (datastore !== 'running' && datastore !== 'candidate' && datastore !== 'startup') {
      throw rpcFailure(operation, 'invalid-value', `unknown datastore "${datastore}"`, { info: { 'bad-element': datastore } });
    }
    if (!this.#has(datastore)) {
      throw rpcFailure(operation, 'invalid-value', `this device (${this.profile.name}) has no ${datastore} datastore`, {
        info: { 'bad-element': datastore },
      });
    }
  }

  #requireCandidate(operation: string): void {
    if (!this.profile.candidate) throw rpcFailure(operation, 'operation-not-supported', `this device (${this.profile.name}) has no candidate datastore`);
  }

  #requireUnlockedByOthers(operation: string, datastore: DatastoreName, sessionId: number): void {
    const holder = this.#locks.get(datastore);
    if (holder !== undefined && holder !== sessionId) {
      throw rpcFailure(operation, 'in-use', `the ${datastore} datastore is locked by ${holder === EXTERNAL_LOCK_HOLDER ? 'a non-NETCONF session' : `session ${holder}`}`, {
        info: { 'session-id': holder },
      });
    }
  }

  #requireWritable(operation: string, datastore: DatastoreName, sessionId: number): void {
    this.#requireDatastore(operation, datastore);
    if (datastore === 'running' && !this.profile.writableRunning) {
      throw rpcFailure(operation, 'operation-not-supported', `running is not writable on this device (${this.profile.name}); edit candidate and commit`);
    }
    this.#requireUnlockedByOthers(operation, datastore, sessionId);
  }

  async #read(datastore: DatastoreName): Promise<readonly XmlNode[]> {
    if (datastore === 'candidate') return this.#candidate ?? (await this.#running.getTree());
    if (datastore === 'startup') return (await this.#startup?.getTree()) ?? [];
    return this.#running.getTree();
  }

  #writeBy(sessionId: number, operation: string): DatastoreWrite {
    const user = this.#sessions.get(sessionId)?.user;
    return { operation, sessionId, ...(user === undefined ? {} : { user }) };
  }

  async #write(datastore: DatastoreName, tree: readonly XmlNode[], write: DatastoreWrite): Promise<void> {
    if (datastore === 'candidate') this.#candidate = tree;
    else if (datastore === 'startup') await this.#startup?.setTree(tree, write);
    else await this.#running.setTree(tree, write);
  }

  async #validateTree(tree: readonly XmlNode[], datastore: DatastoreName): Promise<void> {
    if (this.#validate) await this.#validate(tree, datastore);
  }

  async #commitCandidate(write: DatastoreWrite): Promise<void> {
    if (this.#candidate === null) return; // nothing changed since the last commit or discard
    await this.#validateTree(this.#candidate, 'candidate');
    await this.#running.setTree(this.#candidate, write);
    this.#candidate = null;
  }

  async #rollbackConfirmed(operation: string): Promise<void> {
    const confirm = this.#confirm;
    if (confirm === null) return;
    this.#timers.clearTimeout(confirm.timer);
    this.#confirm = null;
    await this.#running.setTree(confirm.rollbackTo, this.#writeBy(confirm.sessionId, operation));
    this.#candidate = null;
  }
}

