/**
 * `<edit-config>` semantics (RFC 6241 §7.2) on plain XML trees, generic over any YANG model whose lists and
 * leaf-lists are described by `SchemaHints`: operations merge / replace / create / delete / remove given by the
 * `nc:operation` attribute or inherited (default-operation merge / replace / none), with data-exists and
 * data-missing errors. Pure: returns a new tree, the input is untouched, so a failed edit changes nothing.
 *
 * Matching: a list entry matches by its key leaves, a leaf-list entry by its value, anything else by name and
 * namespace. New entries go after the last sibling of the same name (key leaves first inside a list entry).
 * YANG `insert` attributes of ordered-by-user lists are not interpreted: new entries are appended.
 */
import { NetconfRpcError, type RpcErrorInfo } from '../../errors.js';
import { NETCONF_BASE_NS, YANG_XML_NS } from '../../netconf/namespaces.js';
import type { DefaultOperation, EditOperation, ErrorOption } from '../../netconf/requests.js';
import { withXml, type XmlNode } from '../../netconf/xml.js';
import { rpcErrorInfo } from './rpc-failure.js';
import { SchemaIndex, type SchemaNodeKind } from './schema.js';

type Operation = EditOperation | 'none';

const OPERATIONS: readonly string[] = ['merge', 'replace', 'create', 'delete', 'remove'];

export interface EditTreeOptions {
  readonly defaultOperation?: DefaultOperation;
  /** continue-on-error keeps going after a failed node and reports every error; the others stop at the first. */
  readonly errorOption?: ErrorOption;
  readonly schema?: SchemaIndex;
}

export interface EditTreeResult {
  readonly tree: readonly XmlNode[];
  /** Errors met under continue-on-error (the nodes that failed were left as they were). */
  readonly errors: readonly RpcErrorInfo[];
}

interface Context {
  readonly schema: SchemaIndex;
  readonly continueOnError: boolean;
  readonly errors: RpcErrorInfo[];
}

interface Position {
  /** Namespace of the top-level element. */
  readonly topNs: string;
  /** Local names from the top, for schema lookups. */
  readonly names: readonly string[];
  /** Human-readable location for error-path, with list keys: `/native/crypto/pki/trustpoint[id='TP']`. */
  readonly display: string;
}

const ROOT: Position = { topNs: '', names: [], display: '' };

class EditError extends Error {
  constructor(readonly info: RpcErrorInfo) {
    super(info.message);
  }
}

function fail(tag: 'data-exists' | 'data-missing' | 'missing-element' | 'bad-attribute', message: string, path: string, info?: Record<string, unknown>): never {
  throw new EditError(rpcErrorInfo(tag, message, { type: tag === 'bad-attribute' ? 'protocol' : 'application', path, ...(info ? { info } : {}) }));
}

function isEditAttribute(a: { name: string; ns: string }): boolean {
  return (a.ns === NETCONF_BASE_NS && a.name === 'operation') || a.ns === YANG_XML_NS;
}

/**
 * The node as stored: without nc:operation and YANG insert attributes, and without the prefix declarations that
 * only served them (other prefixes stay: an identityref value may use them).
 */
function clean(node: XmlNode, children: readonly XmlNode[]): XmlNode {
  const attributes = node.attributes.some(isEditAttribute) ? node.attributes.filter((a) => !isEditAttribute(a)) : node.attributes;
  const declared = Object.entries(node.prefixes);
  const prefixes = declared.some(([, uri]) => uri === NETCONF_BASE_NS || uri === YANG_XML_NS)
    ? Object.fromEntries(declared.filter(([, uri]) => uri !== NETCONF_BASE_NS && uri !== YANG_XML_NS))
    : node.prefixes;
  return withXml(node, { attributes, prefixes, children, text: children.length > 0 ? '' : node.text });
}

function operationOf(node: XmlNode, inherited: Operation, at: Position): Operation {
  const value = node.attributes.find((a) => a.name === 'operation' && a.ns === NETCONF_BASE_NS)?.value;
  if (value === undefined) return inherited;
  if (!OPERATIONS.includes(value)) {
    fail('bad-attribute', `invalid operation "${value}" (expected merge, replace, create, delete or remove)`, at.display, {
      'bad-attribute': 'operation',
      'bad-element': node.name,
    });
  }
  return value as EditOperation;
}

function keyPredicate(node: XmlNode, keys: readonly string[]): string {
  return keys.map((k) => `[${k}='${node.children.find((c) => c.name === k)?.text.trim() ?? ''}']`).join('');
}

function positionOf(parent: Position, node: XmlNode, kind: SchemaNodeKind): Position {
  const topNs = parent.names.length === 0 ? node.ns : parent.topNs;
  const suffix = kind.kind === 'list' ? keyPredicate(node, kind.keys) : kind.kind === 'leaf-list' ? `[.='${node.text.trim()}']` : '';
  return { topNs, names: [...parent.names, node.name], display: `${parent.display}/${node.name}${suffix}` };
}

function sameName(a: XmlNode, b: XmlNode): boolean {
  return a.name === b.name && a.ns === b.ns;
}

/** Index of the sibling the edit node addresses, or -1. */
function findMatch(siblings: readonly XmlNode[], edit: XmlNode, kind: SchemaNodeKind, at: Position): number {
  if (kind.kind === 'list') {
    if (kind.keys.length === 0) return -1;
    const wanted = kind.keys.map((k) => {
      const key = edit.children.find((c) => c.name === k);
      if (key === undefined) fail('missing-element', `list entry <${edit.name}> has no key <${k}>`, at.display, { 'bad-element': k });
      return key.text.trim();
    });
    return siblings.findIndex(
      (s) => sameName(s, edit) && kind.keys.every((k, i) => s.children.find((c) => c.name === k)?.text.trim() === wanted[i]),
    );
  }
  if (kind.kind === 'leaf-list') {
    const value = edit.text.trim();
    return siblings.findIndex((s) => sameName(s, edit) && s.text.trim() === value);
  }
  return siblings.findIndex((s) => sameName(s, edit));
}

function insertNew(siblings: readonly XmlNode[], node: XmlNode): XmlNode[] {
  const out = [...siblings];
  let last = -1;
  out.forEach((s, i) => {
    if (sameName(s, node)) last = i;
  });
  out.splice(last < 0 ? out.length : last + 1, 0, node);
  return out;
}

function keyChildren(node: XmlNode, kind: SchemaNodeKind): { keys: XmlNode[]; rest: XmlNode[] } {
  if (kind.kind !== 'list' || kind.keys.length === 0) return { keys: [], rest: [...node.children] };
  const keys = kind.keys.map((k) => node.children.find((c) => c.name === k)).filter((c): c is XmlNode => c !== undefined);
  return { keys: keys.map((k) => clean(k, [])), rest: node.children.filter((c) => !kind.keys.includes(c.name)) };
}

/** Whether the subtree asks to create something (an explicit merge / replace / create at or below it). */
function createsSomething(node: XmlNode): boolean {
  const op = node.attributes.find((a) => a.name === 'operation' && a.ns === NETCONF_BASE_NS)?.value;
  if (op === 'merge' || op === 'replace' || op === 'create') return true;
  return node.children.some(createsSomething);
}

function editChildren(existing: readonly XmlNode[], edits: readonly XmlNode[], inherited: Operation, at: Position, ctx: Context): XmlNode[] {
  let result = [...existing];
  for (const edit of edits) {
    try {
      result = editOne(result, edit, inherited, at, ctx);
    } catch (error) {
      if (!(error instanceof EditError) || !ctx.continueOnError) throw error;
      ctx.errors.push(error.info);
    }
  }
  return result;
}

function editOne(siblings: readonly XmlNode[], edit: XmlNode, inherited: Operation, parent: Position, ctx: Context): XmlNode[] {
  const topNs = parent.names.length === 0 ? edit.ns : parent.topNs;
  const kind = ctx.schema.kindOf(topNs, [...parent.names, edit.name]);
  const at = positionOf(parent, edit, kind);
  const op = operationOf(edit, inherited, at);
  const index = findMatch(siblings, edit, kind, at);
  const current = index >= 0 ? (siblings[index] as XmlNode) : undefined;
  const without = (): XmlNode[] => siblings.filter((_, i) => i !== index);
  const put = (node: XmlNode): XmlNode[] => (current === undefined ? insertNew(siblings, node) : siblings.map((s, i) => (i === index ? node : s)));

  switch (op) {
    case 'delete':
      if (current === undefined) fail('data-missing', `cannot delete ${at.display}: it does not exist`, at.display);
      return without();
    case 'remove':
      return current === undefined ? [...siblings] : without();
    case 'create':
      if (current !== undefined) fail('data-exists', `cannot create ${at.display}: it already exists`, at.display);
      return put(build(edit, kind, 'merge', at, ctx));
    case 'replace':
      return put(build(edit, kind, 'replace', at, ctx));
    case 'merge':
      return put(current === undefined ? build(edit, kind, 'merge', at, ctx) : mergeInto(current, edit, kind, 'merge', at, ctx));
    case 'none':
      if (current !== undefined) return put(mergeInto(current, edit, kind, 'none', at, ctx));
      if (!createsSomething(edit)) {
        fail('data-missing', `${at.display} does not exist (default-operation none)`, at.display);
      }
      return put(build(edit, kind, 'none', at, ctx));
  }
}

/** A new node from edit content: nested operations apply against nothing. */
function build(edit: XmlNode, kind: SchemaNodeKind, inherited: Operation, at: Position, ctx: Context): XmlNode {
  if (edit.children.length === 0) return clean(edit, []);
  const { keys, rest } = keyChildren(edit, kind);
  return clean(edit, [...keys, ...editChildren([], rest, inherited, at, ctx)]);
}

function mergeInto(current: XmlNode, edit: XmlNode, kind: SchemaNodeKind, op: 'merge' | 'none', at: Position, ctx: Context): XmlNode {
  if (edit.children.length === 0) {
    // An empty element merged onto a container changes nothing; onto a leaf it sets the value.
    if (current.children.length > 0 || op === 'none') return current;
    return withXml(current, { text: edit.text, prefixes: clean(edit, []).prefixes });
  }
  const { rest } = keyChildren(edit, kind);
  return withXml(current, { children: editChildren(current.children, rest, op, at, ctx), text: '' });
}

/**
 * Applies the children of `<config>` to a datastore tree.
 * @throws NetconfRpcError (operation `edit-config`) on the first error unless continue-on-error
 */
export function applyEditToTree(tree: readonly XmlNode[], config: readonly XmlNode[], options: EditTreeOptions = {}): EditTreeResult {
  const ctx: Context = {
    schema: options.schema ?? new SchemaIndex(),
    continueOnError: options.errorOption === 'continue-on-error',
    errors: [],
  };
  try {
    const result = editChildren(tree, config, options.defaultOperation ?? 'merge', ROOT, ctx);
    return { tree: result, errors: ctx.errors };
  } catch (error) {
    if (error instanceof EditError) throw new NetconfRpcError('edit-config', [error.info]);
    throw error;
  }
}

/** Merges `overlay` into `base` (e.g. operational state into configuration for `<get>`). */
export function mergeTrees(base: readonly XmlNode[], overlay: readonly XmlNode[], schema: SchemaIndex = new SchemaIndex()): XmlNode[] {
  return [...applyEditToTree(base, overlay, { defaultOperation: 'merge', schema }).tree];
}
