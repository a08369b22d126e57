/** The `<hello>` exchange (RFC 6241 §8.1): build and read, no I/O. */
import { InvalidArgumentError, NetconfProtocolError } from '../errors.js';
import { BASE_1_0, BASE_1_1, NETCONF_BASE_NS } from './namespaces.js';
import { findChild, findChildren, parseXml, renderXml, xmlElement, type XmlNode } from './xml.js';

export interface Hello {
  readonly capabilities: readonly string[];
  /** Present in a server's hello, absent in a client's. */
  readonly sessionId: number | undefined;
}

export function buildHello(capabilities: readonly string[], sessionId?: number): string {
  const children: XmlNode[] = [
    xmlElement('capabilities', NETCONF_BASE_NS, capabilities.map((c) => xmlElement('capability', NETCONF_BASE_NS, c))),
  ];
  if (sessionId !== undefined) children.push(xmlElement('session-id', NETCONF_BASE_NS, String(sessionId)));
  return renderXml(xmlElement('hello', NETCONF_BASE_NS, children), { declaration: true });
}

/** Reads a hello from its parsed root. @throws NetconfProtocolError when it is not a well-formed hello. */
export function readHello(root: XmlNode, host?: string): Hello {
  const fail = (reason: string): never => {
    throw new NetconfProtocolError(`invalid <hello>: ${reason}`, { host });
  };
  if (root.name !== 'hello' || root.ns !== NETCONF_BASE_NS) {
    fail(`expected {${NETCONF_BASE_NS}}hello, got {${root.ns}}${root.name}`);
  }
  const capabilitiesNode = findChild(root, 'capabilities', NETCONF_BASE_NS);
  if (capabilitiesNode === undefined) fail('no <capabilities> element');
  const capabilities = findChildren(capabilitiesNode as XmlNode, 'capability', NETCONF_BASE_NS)
    .map((c) => c.text.trim())
    .filter((c) => c !== '');
  if (capabilities.length === 0) fail('no capability listed');
  const sessionIdNode = findChild(root, 'session-id', NETCONF_BASE_NS);
  let sessionId: number | undefined;
  if (sessionIdNode !== undefined) {
    const text = sessionIdNode.text.trim();
    sessionId = /^[1-9]\d{0,9}$/.test(text) ? Number(text) : NaN;
    if (!Number.isSafeInteger(sessionId) || sessionId > 4294967295) fail(`session-id "${text}" is not a positive 32-bit integer`);
  }
  return { capabilities, sessionId };
}

export function parseHello(text: string, host?: string): Hello {
  let root: XmlNode;
  try {
    root = parseXml(text, '<hello>');
  } catch (error) {
    throw new NetconfProtocolError(`invalid <hello>: ${error instanceof InvalidArgumentError ? error.message : String(error)}`, {
      host,
      cause: error,
    });
  }
  return readHello(root, host);
}

/** The framing both sides can use after the hellos: chunked when both offer base:1.1. Null when nothing is shared. */
export function negotiateFraming(local: readonly string[], remote: readonly string[]): 'eom' | 'chunked' | null {
  const both = (uri: string): boolean => local.includes(uri) && remote.some((c) => c.trim() === uri);
  if (both(BASE_1_1)) return 'chunked';
  if (both(BASE_1_0)) return 'eom';
  return null;
}
