/**
 * The standard NETCONF operations on the server side: read each operation's parameters from its XML (by namespace),
 * refuse bad ones with the RFC 6241 error tags, and call the device. Custom RPCs go to the device's handlers.
 */
import { NetconfRpcError } from '../../errors.js';
import { NETCONF_BASE_NS } from '../../netconf/namespaces.js';
import {
  DEFAULT_OPERATIONS,
  ERROR_OPTIONS,
  TEST_OPTIONS,
  type CommitOptions,
  type DatastoreName,
  type DefaultOperation,
  type ErrorOption,
  type TestOption,
} from '../../netconf/requests.js';
import { getAttribute, type XmlNode } from '../../netconf/xml.js';
import type { NetconfDevice } from './device.js';
import { rpcFailure } from './rpc-failure.js';
import { applySubtreeFilter } from './subtree-filter.js';
import { applyXPathFilter } from './xpath-filter.js';

export type OperationResult =
  | { readonly kind: 'ok' }
  /** `<data>` with these children (get, get-config). */
  | { readonly kind: 'data'; readonly nodes: readonly XmlNode[] }
  /** Output nodes placed directly in `<rpc-reply>` (custom RPCs). */
  | { readonly kind: 'output'; readonly nodes: readonly XmlNode[] };

export interface OperationContext {
  readonly device: NetconfDevice;
  readonly sessionId: number;
  readonly messageId: string;
  /** Namespace prefixes declared on `<rpc>` and the operation element. */
  readonly prefixes: Readonly<Record<string, string>>;
  /** The client asked to close this session; the server ends it after the reply. */
  requestClose(): void;
}

const OK: OperationResult = { kind: 'ok' };

type Operation = (op: XmlNode, ctx: OperationContext) => Promise<OperationResult>;

/** Children of an operation, each allowed at most once, all in the base namespace. */
function params(op: XmlNode, allowed: readonly string[]): Map<string, XmlNode> {
  const out = new Map<string, XmlNode>();
  for (const child of op.children) {
    if (child.ns !== NETCONF_BASE_NS || !allowed.includes(child.name)) {
      throw rpcFailure(op.name, 'unknown-element', `<${op.name}> has no parameter <${child.name}>` + (child.ns !== NETCONF_BASE_NS ? ` in namespace "${child.ns}"` : ''), {
        info: { 'bad-element': child.name },
      });
    }
    if (out.has(child.name)) {
      throw rpcFailure(op.name, 'bad-element', `<${child.name}> is given more than once`, { info: { 'bad-element': child.name } });
    }
    out.set(child.name, child);
  }
  return out;
}

function required(op: XmlNode, p: Map<string, XmlNode>, name: string): XmlNode {
  const node = p.get(name);
  if (node === undefined) throw rpcFailure(op.name, 'missing-element', `<${op.name}> needs <${name}>`, { info: { 'bad-element': name } });
  return node;
}

function enumParam<T extends string>(op: XmlNode, node: XmlNode | undefined, allowed: readonly T[], fallback: T): T {
  if (node === undefined) return fallback;
  const value = node.text.trim();
  if (!(allowed as readonly string[]).includes(value)) {
    throw rpcFailure(op.name, 'invalid-value', `<${node.name}> "${value}" is not one of ${allowed.join(', ')}`, {
      info: { 'bad-element': node.name },
    });
  }
  return value as T;
}

/** `<target><candidate/></target>` → 'candidate'. */
function datastoreOf(op: XmlNode, container: XmlNode): DatastoreName {
  const elements = container.children;
  if (elements.length === 0) {
    throw rpcFailure(op.name, 'missing-element', `<${container.name}> names no datastore`, { info: { 'bad-element': container.name } });
  }
  if (elements.length > 1) {
    throw rpcFailure(op.name, 'bad-element', `<${container.name}> names more than one datastore`, { info: { 'bad-element': container.name } });
  }
  const store = elements[0] as XmlNode;
  if (store.ns === NETCONF_BASE_NS && store.name === 'url') {
    throw rpcFailure(op.name, 'operation-not-supported', 'this device has no :url capability', { info: { 'bad-element': 'url' } });
  }
  if (store.ns !== NETCONF_BASE_NS || !['running', 'candidate', 'startup'].includes(store.name)) {
    throw rpcFailure(op.name, 'invalid-value', `<${store.name}> is not a datastore (running, candidate, startup)`, {
      info: { 'bad-element': store.name },
    });
  }
  return store.name as DatastoreName;
}

/** `<source>`: a datastore, or an inline `<config>` (copy-config, validate). */
function sourceOf(op: XmlNode, source: XmlNode): DatastoreName | readonly XmlNode[] {
  const only = source.children.length === 1 ? (source.children[0] as XmlNode) : undefined;
  if (only !== undefined && only.ns === NETCONF_BASE_NS && only.name === 'config') return only.children;
  return datastoreOf(op, source);
}

async function filtered(op: XmlNode, ctx: OperationContext, data: readonly XmlNode[], filter: XmlNode | undefined): Promise<readonly XmlNode[]> {
  if (filter === undefined) return data;
  const type = getAttribute(filter, 'type') ?? getAttribute(filter, 'type', NETCONF_BASE_NS) ?? 'subtree';
  if (type === 'subtree') return applySubtreeFilter(data, filter.children);
  if (type === 'xpath') {
    if (!ctx.device.profile.xpath) {
      throw rpcFailure(op.name, 'operation-not-supported', 'this device has no :xpath capability', { info: { 'bad-attribute': 'type', 'bad-element': 'filter' } });
    }
    const select = getAttribute(filter, 'select') ?? getAttribute(filter, 'select', NETCONF_BASE_NS);
    if (select === undefined) {
      throw rpcFailure(op.name, 'missing-attribute', 'an xpath filter needs a select attribute', { info: { 'bad-attribute': 'select', 'bad-element': 'filter' } });
    }
    return applyXPathFilter(data, select, { ...ctx.prefixes, ...filter.prefixes }, ctx.device.schema);
  }
  throw rpcFailure(op.name, 'bad-attribute', `filter type "${type}" is not subtree or xpath`, { info: { 'bad-attribute': 'type', 'bad-element': 'filter' } });
}

function uint32(op: XmlNode, node: XmlNode, min: number): number {
  const text = node.text.trim();
  const value = /^\d{1,10}$/.test(text) ? Number(text) : NaN;
  if (!(value >= min && value <= 4294967295)) {
    throw rpcFailure(op.name, 'invalid-value', `<${node.name}> "${text}" is not an integer in ${min}..4294967295`, { info: { 'bad-element': node.name } });
  }
  return value;
}

const operations: Readonly<Record<string, Operation>> = {
  async get(op, ctx) {
    const p = params(op, ['filter']);
    return { kind: 'data', nodes: await filtered(op, ctx, await ctx.device.readAll(), p.get('filter')) };
  },

  async 'get-config'(op, ctx) {
    const p = params(op, ['source', 'filter']);
    const source = datastoreOf(op, required(op, p, 'source'));
    return { kind: 'data', nodes: await filtered(op, ctx, await ctx.device.readDatastore(source), p.get('filter')) };
  },

  async 'edit-config'(op, ctx) {
    const p = params(op, ['target', 'default-operation', 'test-option', 'error-option', 'config', 'url']);
    const target = datastoreOf(op, required(op, p, 'target'));
    if (p.has('url')) throw rpcFailure(op.name, 'operation-not-supported', 'this device has no :url capability', { info: { 'bad-element': 'url' } });
    const config = required(op, p, 'config');
    const errors = await ctx.device.editConfig(ctx.sessionId, target, {
      config: config.children,
      defaultOperation: enumParam<DefaultOperation>(op, p.get('default-operation'), DEFAULT_OPERATIONS, 'merge'),
      testOption: enumParam<TestOption>(op, p.get('test-option'), TEST_OPTIONS, 'test-then-set'),
      errorOption: enumParam<ErrorOption>(op, p.get('error-option'), ERROR_OPTIONS, 'stop-on-error'),
    });
    if (errors.length > 0) throw new NetconfRpcError('edit-config', errors);
    return OK;
  },

  async 'copy-config'(op, ctx) {
    const p = params(op, ['target', 'source']);
    const target = datastoreOf(op, required(op, p, 'target'));
    await ctx.device.copyConfig(ctx.sessionId, target, sourceOf(op, required(op, p, 'source')));
    return OK;
  },

  async 'delete-config'(op, ctx) {
    const p = params(op, ['target']);
    await ctx.device.deleteConfig(ctx.sessionId, datastoreOf(op, required(op, p, 'target')));
    return OK;
  },

  async lock(op, ctx) {
    const p = params(op, ['target']);
    await ctx.device.lock(ctx.sessionId, datastoreOf(op, required(op, p, 'target')));
    return OK;
  },

  async unlock(op, ctx) {
    const p = params(op, ['target']);
    await ctx.device.unlock(ctx.sessionId, datastoreOf(op, required(op, p, 'target')));
    return OK;
  },

  async commit(op, ctx) {
    const p = params(op, ['confirmed', 'confirm-timeout', 'persist', 'persist-id']);
    const confirmed = p.has('confirmed');
    if (!confirmed && (p.has('confirm-timeout') || p.has('persist'))) {
      const name = p.has('confirm-timeout') ? 'confirm-timeout' : 'persist';
      throw rpcFailure(op.name, 'bad-element', `<${name}> is only allowed with <confirmed/>`, { info: { 'bad-element': name } });
    }
    const timeout = p.get('confirm-timeout');
    const persist = p.get('persist')?.text.trim();
    const persistId = p.get('persist-id')?.text.trim();
    const options: CommitOptions = {
      confirmed,
      ...(timeout === undefined ? {} : { confirmTimeout: uint32(op, timeout, 1) }),
      ...(persist === undefined ? {} : { persist }),
      ...(persistId === undefined ? {} : { persistId }),
    };
    await ctx.device.commit(ctx.sessionId, options);
    return OK;
  },

  async 'cancel-commit'(op, ctx) {
    const p = params(op, ['persist-id']);
    await ctx.device.cancelCommit(ctx.sessionId, p.get('persist-id')?.text.trim());
    return OK;
  },

  async 'discard-changes'(op, ctx) {
    params(op, []);
    await ctx.device.discardChanges(ctx.sessionId);
    return OK;
  },

  async validate(op, ctx) {
    const p = params(op, ['source']);
    await ctx.device.validateConfig(sourceOf(op, required(op, p, 'source')));
    return OK;
  },

  async 'close-session'(op, ctx) {
    params(op, []);
    ctx.requestClose();
    return OK;
  },

  async 'kill-session'(op, ctx) {
    const p = params(op, ['session-id']);
    ctx.device.killSession(ctx.sessionId, uint32(op, required(op, p, 'session-id'), 1));
    return OK;
  },
};

/**
 * Runs one operation element (the single child of `<rpc>`).
 * @throws NetconfRpcError for every protocol or application error
 */
export async function runOperation(op: XmlNode, ctx: OperationContext): Promise<OperationResult> {
  if (op.ns === NETCONF_BASE_NS) {
    const run = Object.hasOwn(operations, op.name) ? operations[op.name] : undefined;
    if (run === undefined) {
      throw rpcFailure(op.name, 'operation-not-supported', `operation <${op.name}> is not supported`, { info: { 'bad-element': op.name } });
    }
    return run(op, ctx);
  }
  const handler = ctx.device.rpcHandler(op.ns, op.name);
  if (handler === undefined) {
    if (!ctx.device.knowsNamespace(op.ns) || op.ns === '') {
      throw rpcFailure(op.name, 'unknown-namespace', `namespace "${op.ns}" of <${op.name}> is not implemented by this device`, {
        info: { 'bad-element': op.name, 'bad-namespace': op.ns },
      });
    }
    throw rpcFailure(op.name, 'operation-not-supported', `RPC <${op.name}> of "${op.ns}" is not supported`, { info: { 'bad-element': op.name } });
  }
  const output = await handler(op, { sessionId: ctx.sessionId, messageId: ctx.messageId });
  return output && output.length > 0 ? { kind: 'output', nodes: output } : OK;
}
