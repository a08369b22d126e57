/**
 * The contract between the NETCONF server engine and what it serves. The engine owns the protocol (hello,
 * framing, message-ids, rpc-error rendering), the candidate datastore, locks and confirmed commits; a device
 * binding supplies the running (and optionally startup) configuration as XML trees, the operational state, a
 * validator, and handlers for custom RPCs.
 */
import type { XmlNode } from '../../netconf/xml.js';
import type { DatastoreName } from '../../netconf/requests.js';

export type MaybePromise<T> = T | Promise<T>;

/**
 * One configuration datastore as a forest of top-level elements in their module namespaces (config true only).
 * Trees are immutable values: the engine never mutates what `getTree` returns, and a datastore must not mutate
 * what it was given in `setTree`.
 */
export interface Datastore {
  getTree(): MaybePromise<readonly XmlNode[]>;
  /**
   * Replaces the whole content. Called with the result of an edit-config, a commit (candidate → running), a
   * copy-config, a discard or a confirmed-commit rollback. Throw `NetconfRpcError` (see `rpcFailure`) to refuse;
   * the content must then be left as it was.
   */
  setTree(tree: readonly XmlNode[], write?: DatastoreWrite): MaybePromise<void>;
}

/** What caused a datastore write, for the datastore's logs and error replies. */
export interface DatastoreWrite {
  /** The NETCONF operation (`edit-config`, `commit`, `copy-config`, `cancel-commit`, `confirmed-commit-timeout` …). */
  readonly operation: string;
  /** The session that asked (for a confirmed-commit rollback: the session that made the commit). */
  readonly sessionId?: number;
  /** That session's user, when the server knows it. */
  readonly user?: string;
}

/**
 * Locks shared with configuration sessions outside NETCONF (IOS-XR `configure exclusive`): a NETCONF lock takes
 * the outside lock too, and a lock held outside denies NETCONF locks with session-id 0 (RFC 6241 §7.5).
 */
export interface ExternalLocks {
  /** Takes the outside lock for a NETCONF lock on `datastore`; false when something outside NETCONF holds it. */
  acquire(datastore: DatastoreName, sessionId: number): boolean;
  /** Called when that NETCONF lock ends (unlock, session end). */
  release(datastore: DatastoreName, sessionId: number): void;
}

/** Which datastores and capabilities a device has. */
export interface NetconfProfile {
  readonly name: string;
  /** :writable-running — edit-config / copy-config may target running. */
  readonly writableRunning: boolean;
  /** :candidate — a shared candidate datastore, commit, discard-changes. */
  readonly candidate: boolean;
  /** :confirmed-commit:1.1 — commit confirmed / persist / cancel-commit. Needs `candidate`. */
  readonly confirmedCommit: boolean;
  /** :startup — a startup datastore (copy-config running → startup, delete-config startup). */
  readonly startup: boolean;
  /** :validate:1.1 and test-option test-only. */
  readonly validate: boolean;
  /** :rollback-on-error. */
  readonly rollbackOnError: boolean;
  /** :xpath — XPath filters (the subset of ./xpath-filter.ts). */
  readonly xpath: boolean;
}

/** A YANG module the device implements; announced in the hello as `<namespace>?module=<name>&revision=<rev>`. */
export interface YangModuleRef {
  readonly name: string;
  readonly namespace: string;
  readonly revision?: string;
  readonly features?: readonly string[];
}

export interface RpcContext {
  readonly sessionId: number;
  readonly messageId: string;
}

/**
 * A custom RPC. Receives the operation element (e.g. `<register-id-token>` with its input leaves) and returns the
 * output nodes to put in `<rpc-reply>`, or nothing for `<ok/>`. Throws `NetconfRpcError` for an `<rpc-error>`
 * (invalid-value, missing-element, operation-failed …); any other exception becomes operation-failed.
 */
export type RpcHandler = (input: XmlNode, context: RpcContext) => MaybePromise<readonly XmlNode[] | void>;

export interface RpcRegistration {
  readonly namespace: string;
  readonly name: string;
  readonly handler: RpcHandler;
}

/** Operational (config false) data merged into `<get>` replies. */
export type StateProvider = () => MaybePromise<readonly XmlNode[]>;

/**
 * Checks a complete configuration (before a commit, on `<validate>`, on edit-config test-then-set / test-only of
 * running). Throws `NetconfRpcError` listing what is wrong (invalid-value, missing-element, …).
 */
export type ConfigValidator = (tree: readonly XmlNode[], datastore: DatastoreName) => MaybePromise<void>;

/** Timer functions for confirmed-commit timeouts; inject to drive them from a virtual clock. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}
