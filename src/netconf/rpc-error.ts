/**
 * `<rpc-error>` elements (RFC 6241 §4.3) to and from `RpcErrorInfo`. `error-info` children become a record of
 * local name → text (an array when the name repeats; rendered XML when the child has children of its own).
 */
import type { RpcErrorInfo } from '../errors.js';
import { NETCONF_BASE_NS } from './namespaces.js';
import { childText, findChild, renderXml, xmlElement, type XmlNode } from './xml.js';

/** RFC 6241 Appendix A error tags. */
export type RpcErrorTag =
  | 'in-use'
  | 'invalid-value'
  | 'too-big'
  | 'missing-attribute'
  | 'bad-attribute'
  | 'unknown-attribute'
  | 'missing-element'
  | 'bad-element'
  | 'unknown-element'
  | 'unknown-namespace'
  | 'access-denied'
  | 'lock-denied'
  | 'resource-denied'
  | 'rollback-failed'
  | 'data-exists'
  | 'data-missing'
  | 'operation-not-supported'
  | 'operation-failed'
  | 'partial-operation'
  | 'malformed-message';

export type RpcErrorType = 'transport' | 'rpc' | 'protocol' | 'application';

function infoValue(node: XmlNode): string {
  return node.children.length > 0 ? renderXml(node.children) : node.text.trim();
}

export function readRpcError(node: XmlNode): RpcErrorInfo {
  const text = (name: string): string | undefined => {
    const value = childText(node, name, NETCONF_BASE_NS);
    return value === undefined ? undefined : value.trim();
  };
  const infoNode = findChild(node, 'error-info', NETCONF_BASE_NS);
  let info: Record<string, unknown> | undefined;
  if (infoNode !== undefined && infoNode.children.length > 0) {
    info = {};
    for (const child of infoNode.children) {
      const value = infoValue(child);
      const previous = info[child.name];
      if (previous === undefined) info[child.name] = value;
      else info[child.name] = Array.isArray(previous) ? [...(previous as unknown[]), value] : [previous, value];
    }
  }
  const path = text('error-path');
  const message = text('error-message');
  const appTag = text('error-app-tag');
  return {
    type: text('error-type') ?? 'rpc',
    tag: text('error-tag') ?? 'operation-failed',
    severity: text('error-severity') ?? 'error',
    ...(path === undefined || path === '' ? {} : { path }),
    ...(message === undefined || message === '' ? {} : { message }),
    ...(appTag === undefined || appTag === '' ? {} : { appTag }),
    ...(info === undefined ? {} : { info }),
  };
}

function infoChildren(info: Record<string, unknown>): XmlNode[] {
  const out: XmlNode[] = [];
  for (const [name, value] of Object.entries(info)) {
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) {
      if (v === undefined || v === null) continue;
      out.push(xmlElement(name, NETCONF_BASE_NS, typeof v === 'string' ? v : String(v)));
    }
  }
  return out;
}

export function renderRpcError(error: RpcErrorInfo): XmlNode {
  const children: XmlNode[] = [
    xmlElement('error-type', NETCONF_BASE_NS, error.type),
    xmlElement('error-tag', NETCONF_BASE_NS, error.tag),
    xmlElement('error-severity', NETCONF_BASE_NS, error.severity),
  ];
  if (error.appTag !== undefined) children.push(xmlElement('error-app-tag', NETCONF_BASE_NS, error.appTag));
  if (error.path !== undefined) children.push(xmlElement('error-path', NETCONF_BASE_NS, error.path));
  if (error.message !== undefined) {
    children.push(
      xmlElement('error-message', NETCONF_BASE_NS, {
        text: error.message,
        attributes: [{ name: 'lang', ns: 'http://www.w3.org/XML/1998/namespace', value: 'en' }],
      }),
    );
  }
  if (error.info !== undefined && Object.keys(error.info).length > 0) {
    children.push(xmlElement('error-info', NETCONF_BASE_NS, infoChildren(error.info)));
  }
  return xmlElement('rpc-error', NETCONF_BASE_NS, children);
}
