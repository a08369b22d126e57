/**
 * Pure request builders (RFC 6241 §7–8): each returns the operation element that goes inside `<rpc>`. They check
 * their arguments and never touch the network, so they are tested on their own and the session only sends what
 * they return (the scrapli_netconf split).
 */
import { InvalidArgumentError } from '../errors.js';
import { NETCONF_BASE_NS } from './namespaces.js';
import { parseXml, parseXmlFragment, renderXml, withXml, xmlElement, type XmlNode } from './xml.js';

export type DatastoreName = 'running' | 'candidate' | 'startup';
export type EditOperation = 'merge' | 'replace' | 'create' | 'delete' | 'remove';
export type DefaultOperation = 'merge' | 'replace' | 'none';
export type TestOption = 'test-then-set' | 'set' | 'test-only';
export type ErrorOption = 'stop-on-error' | 'continue-on-error' | 'rollback-on-error';

export const DATASTORE_NAMES: readonly DatastoreName[] = ['running', 'candidate', 'startup'];
export const EDIT_OPERATIONS: readonly EditOperation[] = ['merge', 'replace', 'create', 'delete', 'remove'];
export const DEFAULT_OPERATIONS: readonly DefaultOperation[] = ['merge', 'replace', 'none'];
export const TEST_OPTIONS: readonly TestOption[] = ['test-then-set', 'set', 'test-only'];
export const ERROR_OPTIONS: readonly ErrorOption[] = ['stop-on-error', 'continue-on-error', 'rollback-on-error'];

/** Configuration or filter content: XML text (one or several sibling elements) or parsed nodes. */
export type XmlContent = string | XmlNode | readonly XmlNode[];

export interface SubtreeFilter {
  readonly type: 'subtree';
  readonly content: XmlContent;
}

export interface XPathFilter {
  readonly type: 'xpath';
  readonly select: string;
  /** Prefixes used in `select`, prefix → namespace URI. */
  readonly namespaces?: Readonly<Record<string, string>>;
}

/** A filter; a bare string or node is a subtree filter. */
export type NetconfFilter = SubtreeFilter | XPathFilter | XmlContent;

export interface EditConfigOptions {
  readonly defaultOperation?: DefaultOperation;
  readonly testOption?: TestOption;
  readonly errorOption?: ErrorOption;
}

export interface CommitOptions {
  /** Send `<confirmed/>`: the commit is rolled back unless confirmed within `confirmTimeout` seconds. */
  readonly confirmed?: boolean;
  /** Seconds (RFC 6241 default 600). Only with `confirmed`. */
  readonly confirmTimeout?: number;
  /** Make the confirmed commit survive the session; later confirmed or cancelled with this id from any session. */
  readonly persist?: string;
  /** Confirms (or, with `confirmed`, extends) the persistent confirmed commit started with `persist`. */
  readonly persistId?: string;
}

export type ConfigSource = DatastoreName | { readonly config: XmlContent };

const nc = (name: string, content?: readonly XmlNode[] | string): XmlNode => xmlElement(name, NETCONF_BASE_NS, content ?? []);

function oneOf<T extends string>(what: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(what, `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function datastore(what: string, name: unknown): XmlNode {
  return nc(what, [nc(oneOf(`${what} datastore`, name, DATASTORE_NAMES))]);
}

function checkToken(what: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1024 || /[\u0000-\u001f\u007f]/.test(value)) {
    throw new InvalidArgumentError(what, 'must be 1-1024 printable characters');
  }
  return value;
}

/** Parses XML text into sibling nodes; passes nodes through. */
export function toXmlNodes(content: XmlContent, what: string): XmlNode[] {
  if (typeof content === 'string') return parseXmlFragment(content, what);
  if (Array.isArray(content)) return [...(content as readonly XmlNode[])];
  return [content as XmlNode];
}

/** Marks a node with the edit-config `operation` attribute (RFC 6241 §7.2), replacing any previous one. */
export function withOperation(node: XmlNode, operation: EditOperation): XmlNode {
  oneOf('edit operation', operation, EDIT_OPERATIONS);
  const attributes = node.attributes.filter((a) => !(a.name === 'operation' && a.ns === NETCONF_BASE_NS));
  return withXml(node, { attributes: [...attributes, { name: 'operation', ns: NETCONF_BASE_NS, value: operation }] });
}

function filterNode(filter: NetconfFilter): XmlNode {
  if (typeof filter === 'object' && filter !== null && !Array.isArray(filter) && 'type' in filter) {
    const typed = filter as SubtreeFilter | XPathFilter;
    if (typed.type === 'xpath') {
      const select = typed.select;
      if (typeof select !== 'string' || select.trim() === '') throw new InvalidArgumentError('xpath filter', 'select is empty');
      return xmlElement('filter', NETCONF_BASE_NS, {
        attributes: [
          { name: 'type', ns: '', value: 'xpath' },
          { name: 'select', ns: '', value: select },
        ],
        prefixes: { ...(typed.namespaces ?? {}) },
      });
    }
    if (typed.type === 'subtree') return subtree(typed.content);
    throw new InvalidArgumentError('filter', `unknown filter type ${JSON.stringify((typed as { type: unknown }).type)}`);
  }
  return subtree(filter as XmlContent);
}

function subtree(content: XmlContent): XmlNode {
  return xmlElement('filter', NETCONF_BASE_NS, {
    attributes: [{ name: 'type', ns: '', value: 'subtree' }],
    children: toXmlNodes(content, 'subtree filter'),
  });
}

export function buildGet(filter?: NetconfFilter): XmlNode {
  return nc('get', filter === undefined ? [] : [filterNode(filter)]);
}

export function buildGetConfig(source: DatastoreName, filter?: NetconfFilter): XmlNode {
  const children = [datastore('source', source)];
  if (filter !== undefined) children.push(filterNode(filter));
  return nc('get-config', children);
}

export function buildEditConfig(target: DatastoreName, config: XmlContent, options: EditConfigOptions = {}): XmlNode {
  const children = [datastore('target', target)];
  if (options.defaultOperation !== undefined) {
    children.push(nc('default-operation', oneOf('default-operation', options.defaultOperation, DEFAULT_OPERATIONS)));
  }
  if (options.testOption !== undefined) children.push(nc('test-option', oneOf('test-option', options.testOption, TEST_OPTIONS)));
  if (options.errorOption !== undefined) children.push(nc('error-option', oneOf('error-option', options.errorOption, ERROR_OPTIONS)));
  const nodes = toXmlNodes(config, 'edit-config config');
  if (nodes.length === 0) throw new InvalidArgumentError('edit-config config', 'no configuration element');
  children.push(nc('config', nodes));
  return nc('edit-config', children);
}

function sourceNode(source: ConfigSource, what: string): XmlNode {
  if (typeof source === 'string') return datastore('source', source);
  if (typeof source === 'object' && source !== null && 'config' in source) {
    return nc('source', [nc('config', toXmlNodes(source.config, `${what} source config`))]);
  }
  throw new InvalidArgumentError(`${what} source`, 'expected a datastore name or { config }');
}

export function buildCopyConfig(target: DatastoreName, source: ConfigSource): XmlNode {
  if (typeof source === 'string' && source === target) {
    throw new InvalidArgumentError('copy-config', `source and target are both ${target}`);
  }
  return nc('copy-config', [datastore('target', target), sourceNode(source, 'copy-config')]);
}

export function buildDeleteConfig(target: DatastoreName): XmlNode {
  if (target === 'running') throw new InvalidArgumentError('delete-config target', 'the running datastore cannot be deleted');
  return nc('delete-config', [datastore('target', target)]);
}

export function buildLock(target: DatastoreName): XmlNode {
  return nc('lock', [datastore('target', target)]);
}

export function buildUnlock(target: DatastoreName): XmlNode {
  return nc('unlock', [datastore('target', target)]);
}

export function buildCommit(options: CommitOptions = {}): XmlNode {
  const children: XmlNode[] = [];
  if (options.confirmed) {
    children.push(nc('confirmed'));
    if (options.confirmTimeout !== undefined) {
      const t = options.confirmTimeout;
      if (!Number.isInteger(t) || t < 1 || t > 4294967295) {
        throw new InvalidArgumentError('confirm-timeout', `${String(t)} is not a whole number of seconds in 1..4294967295`);
      }
      children.push(nc('confirm-timeout', String(t)));
    }
    if (options.persist !== undefined) children.push(nc('persist', checkToken('persist', options.persist)));
  } else if (options.confirmTimeout !== undefined || options.persist !== undefined) {
    throw new InvalidArgumentError('commit', 'confirmTimeout and persist need confirmed: true');
  }
  if (options.persistId !== undefined) children.push(nc('persist-id', checkToken('persist-id', options.persistId)));
  return nc('commit', children);
}

export function buildCancelCommit(persistId?: string): XmlNode {
  return nc('cancel-commit', persistId === undefined ? [] : [nc('persist-id', checkToken('persist-id', persistId))]);
}

export function buildDiscardChanges(): XmlNode {
  return nc('discard-changes');
}

export function buildValidate(source: ConfigSource): XmlNode {
  return nc('validate', [sourceNode(source, 'validate')]);
}

export function buildCloseSession(): XmlNode {
  return nc('close-session');
}

export function buildKillSession(sessionId: number): XmlNode {
  if (!Number.isInteger(sessionId) || sessionId < 1 || sessionId > 4294967295) {
    throw new InvalidArgumentError('kill-session session-id', `${String(sessionId)} is not a positive 32-bit integer`);
  }
  return nc('kill-session', [nc('session-id', String(sessionId))]);
}

/** A custom RPC (any operation element, e.g. `<register-id-token xmlns="http://cisco.com/ns/yang/cisco-smart-license">`). */
export function buildCustomRpc(operation: string | XmlNode): XmlNode {
  const node = typeof operation === 'string' ? parseXml(operation, 'custom RPC') : operation;
  if (node.ns === '') throw new InvalidArgumentError('custom RPC', `<${node.name}> has no namespace`);
  return node;
}

/** Wraps an operation in `<rpc message-id="…">` and renders the message. */
export function renderRpc(messageId: string, operation: XmlNode): string {
  const rpc = xmlElement('rpc', NETCONF_BASE_NS, {
    attributes: [{ name: 'message-id', ns: '', value: messageId }],
    children: [operation],
  });
  return renderXml(rpc, { declaration: true });
}
