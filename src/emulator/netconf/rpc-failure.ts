/**
 * How the server engine, datastores and RPC handlers report a NETCONF error: they throw `NetconfRpcError` (the same
 * class the client raises), and the engine renders its `errors` as `<rpc-error>` elements.
 */
import { NetconfRpcError, type RpcErrorInfo } from '../../errors.js';
import type { RpcErrorTag, RpcErrorType } from '../../netconf/rpc-error.js';

export interface RpcFailureDetails {
  readonly type?: RpcErrorType;
  readonly path?: string;
  readonly appTag?: string;
  readonly info?: Record<string, unknown>;
  readonly severity?: 'error' | 'warning';
}

/** The error-type RFC 6241 Appendix A allows first for each tag, used when none is given. */
function defaultType(tag: RpcErrorTag): RpcErrorType {
  switch (tag) {
    case 'data-exists':
    case 'data-missing':
      return 'application';
    case 'malformed-message':
    case 'missing-attribute':
    case 'bad-attribute':
    case 'unknown-attribute':
      return 'rpc';
    default:
      return 'protocol';
  }
}

export function rpcErrorInfo(tag: RpcErrorTag, message: string, details: RpcFailureDetails = {}): RpcErrorInfo {
  return {
    type: details.type ?? defaultType(tag),
    tag,
    severity: details.severity ?? 'error',
    message,
    ...(details.path === undefined ? {} : { path: details.path }),
    ...(details.appTag === undefined ? {} : { appTag: details.appTag }),
    ...(details.info === undefined ? {} : { info: details.info }),
  };
}

/** A `NetconfRpcError` with one error, ready to throw from an operation, a datastore hook or an RPC handler. */
export function rpcFailure(operation: string, tag: RpcErrorTag, message: string, details: RpcFailureDetails = {}): NetconfRpcError {
  return new NetconfRpcError(operation, [rpcErrorInfo(tag, message, details)]);
}
