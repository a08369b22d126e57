/** Reading an `<rpc-reply>` (RFC 6241 §4.2–4.4), by namespace: `<nc:rpc-reply>` and `<rpc-reply xmlns=…>` read the same. */
import { NetconfProtocolError, NetconfRpcError, type RpcErrorInfo } from '../errors.js';
import { NETCONF_BASE_NS } from './namespaces.js';
import { readRpcError } from './rpc-error.js';
import { findChild, getAttribute, parseXml, type XmlNode } from './xml.js';

export interface RpcReply {
  /** The `message-id` echoed by the server; undefined when the server could not read ours. */
  readonly messageId: string | undefined;
  /** `<ok/>` was present. */
  readonly ok: boolean;
  /** Children of `<data>` (get, get-config), or undefined when the reply has no `<data>`. */
  readonly data: readonly XmlNode[] | undefined;
  /** Every child of `<rpc-reply>` other than `<rpc-error>` (for custom RPCs: their output nodes). */
  readonly body: readonly XmlNode[];
  /** `rpc-error`s with severity `error`. */
  readonly errors: readonly RpcErrorInfo[];
  /** `rpc-error`s with severity `warning`. */
  readonly warnings: readonly RpcErrorInfo[];
}

export function isRpcReply(root: XmlNode): boolean {
  return root.name === 'rpc-reply' && root.ns === NETCONF_BASE_NS;
}

export function readRpcReply(root: XmlNode, host?: string): RpcReply {
  if (!isRpcReply(root)) {
    throw new NetconfProtocolError(`expected {${NETCONF_BASE_NS}}rpc-reply, got {${root.ns}}${root.name}`, { host });
  }
  const errors: RpcErrorInfo[] = [];
  const warnings: RpcErrorInfo[] = [];
  const body: XmlNode[] = [];
  for (const child of root.children) {
    if (child.name === 'rpc-error' && child.ns === NETCONF_BASE_NS) {
      const error = readRpcError(child);
      (error.severity === 'warning' ? warnings : errors).push(error);
    } else {
      body.push(child);
    }
  }
  const dataNode = findChild(root, 'data', NETCONF_BASE_NS);
  return {
    messageId: getAttribute(root, 'message-id') ?? getAttribute(root, 'message-id', NETCONF_BASE_NS),
    ok: findChild(root, 'ok', NETCONF_BASE_NS) !== undefined,
    data: dataNode?.children,
    body,
    errors,
    warnings,
  };
}

export function parseRpcReply(text: string, host?: string): RpcReply {
  let root: XmlNode;
  try {
    root = parseXml(text, '<rpc-reply>');
  } catch (error) {
    throw new NetconfProtocolError(`unreadable <rpc-reply>: ${error instanceof Error ? error.message : String(error)}`, {
      host,
      cause: error,
    });
  }
  return readRpcReply(root, host);
}

/** Throws `NetconfRpcError` when the reply carries an error-severity `rpc-error` (warnings are kept on the error). */
export function assertRpcOk(reply: RpcReply, operation: string, host?: string): RpcReply {
  if (reply.errors.length > 0) throw new NetconfRpcError(operation, [...reply.errors, ...reply.warnings], { host });
  return reply;
}
