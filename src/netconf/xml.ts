/**
 * A small, namespace-resolved XML tree shared by the NETCONF client and the emulator's server engine.
 * Parsing and rendering go through xml2js; everything else (matching, filtering, editing) works on `XmlNode`
 * values, which are treated as immutable.
 *
 * Elements are identified by namespace URI and local name, never by prefix: `<nc:rpc>` and `<rpc xmlns=…>`
 * parse to the same node. Rendering uses default-namespace declarations (`<native xmlns="…">`) and keeps the
 * prefixes a node declared in its source, so prefixed values (identityrefs, an XPath `select`) still resolve.
 */
import xml2js from 'xml2js';
import { InvalidArgumentError } from '../errors.js';

export interface XmlAttribute {
  readonly name: string;
  /** Namespace URI; '' for an unqualified attribute. */
  readonly ns: string;
  readonly value: string;
}

export interface XmlNode {
  /** Local name. */
  readonly name: string;
  /** Namespace URI; '' when the element is in no namespace. */
  readonly ns: string;
  /** Attributes, without namespace declarations. */
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlNode[];
  /** Character data. Whitespace-only text around child elements is dropped. */
  readonly text: string;
  /** Prefixes declared on this element in its source (`xmlns:p="uri"`), prefix → URI. */
  readonly prefixes: Readonly<Record<string, string>>;
}

export interface XmlElementInit {
  readonly children?: readonly XmlNode[];
  readonly text?: string;
  readonly attributes?: readonly XmlAttribute[];
  readonly prefixes?: Readonly<Record<string, string>>;
}

const EMPTY_PREFIXES: Readonly<Record<string, string>> = Object.freeze({});

export function xmlElement(name: string, ns: string, init: XmlElementInit | readonly XmlNode[] | string = {}): XmlNode {
  const spec: XmlElementInit = typeof init === 'string' ? { text: init } : isNodeArray(init) ? { children: init } : init;
  return {
    name,
    ns,
    attributes: spec.attributes ?? [],
    children: spec.children ?? [],
    text: spec.text ?? '',
    prefixes: spec.prefixes ?? EMPTY_PREFIXES,
  };
}

function isNodeArray(value: XmlElementInit | readonly XmlNode[]): value is readonly XmlNode[] {
  return Array.isArray(value);
}

/** A copy of `node` with some fields replaced. */
export function withXml(node: XmlNode, changes: Partial<XmlNode>): XmlNode {
  return { ...node, ...changes };
}

// ------------------------------------------------------------------ parsing

const WRAPPER = 'smartlic-xml-fragment';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';
const XML_DECLARATION = /^\uFEFF?\s*<\?xml\s[^?]*\?>/;

interface RawAttribute {
  readonly value: string;
  readonly prefix: string;
  readonly local: string;
  readonly uri: string;
}

interface RawElement {
  readonly _?: string;
  readonly $?: Record<string, RawAttribute>;
  readonly $ns?: { readonly uri: string; readonly local: string };
  readonly $$?: readonly RawElement[];
}

function parseRaw(text: string, what: string): RawElement {
  if (/<!DOCTYPE/i.test(text)) throw new InvalidArgumentError(what, 'document type declarations are not allowed');
  const body = text.replace(XML_DECLARATION, '');
  if (XML_DECLARATION.test(body) || /<\?xml\s/.test(body)) {
    throw new InvalidArgumentError(what, 'misplaced XML declaration');
  }
  const parser = new xml2js.Parser({
    xmlns: true,
    explicitChildren: true,
    preserveChildrenOrder: true,
    explicitArray: true,
    async: false,
    strict: true,
  });
  let result: { [WRAPPER]?: RawElement } | null = null;
  let failure: unknown = null;
  try {
    parser.parseString(`<${WRAPPER}>${body}</${WRAPPER}>`, (error: unknown, parsed: unknown) => {
      failure = error;
      result = parsed as { [WRAPPER]?: RawElement } | null;
    });
  } catch (error) {
    failure = error;
  }
  if (failure !== null) {
    const reason = failure instanceof Error ? failure.message.split('\n')[0] ?? failure.message : String(failure);
    throw new InvalidArgumentError(what, `not well-formed: ${reason}`);
  }
  const wrapper = (result as { [WRAPPER]?: RawElement } | null)?.[WRAPPER];
  if (wrapper === undefined) throw new InvalidArgumentError(what, 'no element found');
  if (typeof wrapper === 'string') {
    if ((wrapper as string).trim() !== '') throw new InvalidArgumentError(what, 'text outside of any element');
    return {};
  }
  if (wrapper._ !== undefined && wrapper._.trim() !== '') {
    throw new InvalidArgumentError(what, 'text outside of any element');
  }
  return wrapper;
}

function convert(raw: RawElement | string): XmlNode {
  if (typeof raw === 'string') throw new InvalidArgumentError('XML', 'unexpected text node');
  const attributes: XmlAttribute[] = [];
  const prefixes: Record<string, string> = {};
  for (const attr of Object.values(raw.$ ?? {})) {
    if (attr.uri === XMLNS_NS || attr.prefix === 'xmlns' || (attr.prefix === '' && attr.local === 'xmlns')) {
      if (attr.prefix === 'xmlns' && attr.local !== '') prefixes[attr.local] = attr.value;
      continue;
    }
    attributes.push({ name: attr.local, ns: attr.uri, value: attr.value });
  }
  const children = (raw.$$ ?? []).map(convert);
  const rawText = raw._ ?? '';
  const text = children.length > 0 && rawText.trim() === '' ? '' : rawText;
  return {
    name: raw.$ns?.local ?? '',
    ns: raw.$ns?.uri ?? '',
    attributes,
    children,
    text,
    prefixes: Object.keys(prefixes).length === 0 ? EMPTY_PREFIXES : prefixes,
  };
}

/**
 * Parses a document with exactly one root element.
 * @throws InvalidArgumentError when the text is not well-formed, has a DTD, or has no / several roots.
 */
export function parseXml(text: string, what = 'XML'): XmlNode {
  const roots = parseXmlFragment(text, what);
  if (roots.length !== 1) {
    throw new InvalidArgumentError(what, roots.length === 0 ? 'no element found' : `expected one root element, found ${roots.length}`);
  }
  return roots[0] as XmlNode;
}

/** Parses a sequence of sibling elements (a `<config>` body, a subtree filter, a data set). */
export function parseXmlFragment(text: string, what = 'XML'): XmlNode[] {
  const wrapper = parseRaw(text, what);
  return (wrapper.$$ ?? []).map(convert);
}

// ------------------------------------------------------------------ rendering

export interface RenderOptions {
  /** Prefix the output with `<?xml version="1.0" encoding="UTF-8"?>`. */
  readonly declaration?: boolean;
  /** The default namespace in force where the output will be inserted; the top node declares its own when different. */
  readonly parentNs?: string;
}

/** Preferred prefixes for namespaced attributes. */
const ATTRIBUTE_PREFIXES: Readonly<Record<string, string>> = {
  'urn:ietf:params:xml:ns:netconf:base:1.0': 'nc',
  'urn:ietf:params:xml:ns:yang:1': 'yang',
  'urn:ietf:params:xml:ns:netconf:default:1.0': 'wd',
};

type BuilderBody = { [key: string]: unknown };

function toBuilderBody(node: XmlNode, parentNs: string, inScope: Readonly<Record<string, string>>): BuilderBody {
  const attrs: Record<string, string> = {};
  if (node.ns !== parentNs) attrs['xmlns'] = node.ns;
  const scope: Record<string, string> = { ...inScope };
  for (const [prefix, uri] of Object.entries(node.prefixes)) {
    attrs[`xmlns:${prefix}`] = uri;
    scope[prefix] = uri;
  }
  for (const attr of node.attributes) {
    if (attr.ns === '') {
      attrs[attr.name] = attr.value;
      continue;
    }
    if (attr.ns === XML_NS) {
      attrs[`xml:${attr.name}`] = attr.value; // the `xml` prefix is predeclared and may not be rebound
      continue;
    }
    let prefix = Object.keys(scope).find((p) => scope[p] === attr.ns);
    if (prefix === undefined) {
      const preferred = ATTRIBUTE_PREFIXES[attr.ns] ?? 'ns';
      prefix = preferred;
      for (let i = 1; scope[prefix] !== undefined; i++) prefix = `${preferred}${i}`;
      attrs[`xmlns:${prefix}`] = attr.ns;
      scope[prefix] = attr.ns;
    }
    attrs[`${prefix}:${attr.name}`] = attr.value;
  }
  const body: BuilderBody = {};
  if (Object.keys(attrs).length > 0) body['@'] = attrs;
  if (node.text !== '') body['#'] = node.text;
  // xml2js's object model groups siblings by name: a name's elements are emitted together, at the position of
  // its first occurrence. YANG data keeps the order that matters (list keys first, the entries of one list or
  // leaf-list among themselves) under that grouping.
  for (const child of node.children) {
    const list = (body[child.name] ??= []) as BuilderBody[];
    list.push(toBuilderBody(child, node.ns, scope));
  }
  return body;
}

/** Renders one element or a sequence of sibling elements. */
export function renderXml(nodes: XmlNode | readonly XmlNode[], options: RenderOptions = {}): string {
  const list: readonly XmlNode[] = isNodeList(nodes) ? nodes : [nodes];
  const parts = list.map((node) => {
    if (node.name === '') throw new InvalidArgumentError('XML element', 'empty element name');
    const builder = new xml2js.Builder({
      headless: true,
      renderOpts: { pretty: false },
      attrkey: '@',
      charkey: '#',
    });
    try {
      return builder.buildObject({ [node.name]: toBuilderBody(node, options.parentNs ?? '', EMPTY_PREFIXES) });
    } catch (error) {
      throw new InvalidArgumentError(`XML element <${node.name}>`, error instanceof Error ? error.message : String(error));
    }
  });
  return (options.declaration ? '<?xml version="1.0" encoding="UTF-8"?>' : '') + parts.join('');
}

function isNodeList(value: XmlNode | readonly XmlNode[]): value is readonly XmlNode[] {
  return Array.isArray(value);
}

// ------------------------------------------------------------------ reading helpers

/** The first child with this local name (and namespace, when given). */
export function findChild(node: XmlNode, name: string, ns?: string): XmlNode | undefined {
  return node.children.find((c) => c.name === name && (ns === undefined || c.ns === ns));
}

export function findChildren(node: XmlNode, name: string, ns?: string): XmlNode[] {
  return node.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** The node reached by following first children with these local names, or undefined where one is missing. */
export function findPath(node: XmlNode | undefined, ...names: string[]): XmlNode | undefined {
  let at = node;
  for (const name of names) at = at === undefined ? undefined : findChild(at, name);
  return at;
}

/** Text of the first child with this name, or undefined when there is no such child. */
export function childText(node: XmlNode, name: string, ns?: string): string | undefined {
  return findChild(node, name, ns)?.text;
}

export function getAttribute(node: XmlNode, name: string, ns = ''): string | undefined {
  return node.attributes.find((a) => a.name === name && a.ns === ns)?.value;
}

/**
 * Follows a path of local names from a set of top-level nodes, e.g.
 * `selectPath(data, ['native', 'ip', 'domain', 'name'])`. Returns every node at the end of the path.
 */
export function selectPath(nodes: readonly XmlNode[], path: readonly string[], ns?: string): XmlNode[] {
  let current: readonly XmlNode[] = nodes.filter((n) => n.name === path[0] && (ns === undefined || n.ns === ns));
  for (const step of path.slice(1)) current = current.flatMap((n) => findChildren(n, step));
  return [...current];
}

/** Structural equality: names, namespaces, attributes (any order), text and children (in order). */
export function xmlEqual(a: XmlNode, b: XmlNode): boolean {
  if (a.name !== b.name || a.ns !== b.ns || a.text !== b.text) return false;
  if (a.attributes.length !== b.attributes.length || a.children.length !== b.children.length) return false;
  for (const attr of a.attributes) {
    if (getAttribute(b, attr.name, attr.ns) !== attr.value) return false;
  }
  return a.children.every((child, i) => xmlEqual(child, b.children[i] as XmlNode));
}
