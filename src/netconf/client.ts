/**
 * NETCONF operations (RFC 6241 §7–8) over a `NetconfSession`: each method builds its request with ./requests.ts,
 * sends it, and turns an error-severity `rpc-error` into `NetconfRpcError` (all errors of the reply kept).
 */
import type { NetconfByteStream } from '../channel/netconf/message-channel.js';
import type { Framing } from '../channel/netconf/frame-decoder.js';
import type { NetconfFeatures } from './capabilities.js';
import { assertRpcOk, type RpcReply } from './reply.js';
import {
  buildCancelCommit,
  buildCommit,
  buildCopyConfig,
  buildCustomRpc,
  buildDeleteConfig,
  buildDiscardChanges,
  buildEditConfig,
  buildGet,
  buildGetConfig,
  buildKillSession,
  buildLock,
  buildUnlock,
  buildValidate,
  type CommitOptions,
  type ConfigSource,
  type DatastoreName,
  type EditConfigOptions,
  type NetconfFilter,
  type XmlContent,
} from './requests.js';
import { NetconfSession, type NetconfSessionOptions, type RpcOptions } from './session.js';
import type { XmlNode } from './xml.js';

export interface NetconfGetOptions extends RpcOptions {
  readonly filter?: NetconfFilter;
}

export class NetconfClient {
  /** Opens a session over `stream` (hello exchange included) and wraps it. */
  static async connect(stream: NetconfByteStream, options: NetconfSessionOptions = {}): Promise<NetconfClient> {
    return new NetconfClient(await NetconfSession.open(stream, options));
  }

  constructor(readonly session: NetconfSession) {}

  get sessionId(): number {
    return this.session.sessionId;
  }

  get features(): NetconfFeatures {
    return this.session.features;
  }

  get serverCapabilities(): readonly string[] {
    return this.session.serverCapabilities;
  }

  get framing(): Framing {
    return this.session.framing;
  }

  /**
   * Sends any operation element and returns the reply.
   * @throws NetconfRpcError when the reply holds an error-severity rpc-error
   */
  async rpc(operation: XmlNode, options: RpcOptions = {}): Promise<RpcReply> {
    const reply = await this.session.request(operation, options);
    return assertRpcOk(reply, operation.name, this.session.host);
  }

  /** A custom RPC given as XML text or a node, e.g. `<renew-id xmlns="http://cisco.com/ns/yang/cisco-smart-license"/>`. */
  call(operation: string | XmlNode, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCustomRpc(operation), options);
  }

  /** `<get>`: configuration and state; resolves with the children of `<data>`. */
  async get(options: NetconfGetOptions = {}): Promise<readonly XmlNode[]> {
    const reply = await this.rpc(buildGet(options.filter), options);
    return reply.data ?? [];
  }

  /** `<get-config>` from `source`; resolves with the children of `<data>`. */
  async getConfig(source: DatastoreName = 'running', options: NetconfGetOptions = {}): Promise<readonly XmlNode[]> {
    const reply = await this.rpc(buildGetConfig(source, options.filter), options);
    return reply.data ?? [];
  }

  editConfig(target: DatastoreName, config: XmlContent, options: EditConfigOptions & RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildEditConfig(target, config, options), options);
  }

  copyConfig(target: DatastoreName, source: ConfigSource, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCopyConfig(target, source), options);
  }

  deleteConfig(target: DatastoreName, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildDeleteConfig(target), options);
  }

  lock(target: DatastoreName, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildLock(target), options);
  }

  unlock(target: DatastoreName, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildUnlock(target), options);
  }

  commit(commit: CommitOptions = {}, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCommit(commit), options);
  }

  cancelCommit(persistId?: string, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildCancelCommit(persistId), options);
  }

  discardChanges(options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildDiscardChanges(), options);
  }

  validate(source: ConfigSource = 'candidate', options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildValidate(source), options);
  }

  killSession(sessionId: number, options: RpcOptions = {}): Promise<RpcReply> {
    return this.rpc(buildKillSession(sessionId), options);
  }

  /** `<close-session>`, then the stream is closed. Never throws. */
  closeSession(timeoutMs?: number): Promise<void> {
    return this.session.close(timeoutMs);
  }

  /** Alias of `closeSession()`. */
  close(timeoutMs?: number): Promise<void> {
    return this.session.close(timeoutMs);
  }
}
