/**
 * IOS-XE running / startup configuration text:
 *
 *   Building configuration...
 *   <blank>
 *   Current configuration : 4242 bytes
 *   !
 *   ! Last configuration change at 13:13:37 UTC Tue Jul 2 2024 by admin
 *   !
 *   version 16.12
 *   …
 *   call-home
 *    ! If contact email address in call-home is configured as sch-smart-licensing@cisco.com
 *    ! the email address configured in Cisco Smart License Portal will be used as contact email address to send SCH notifications.
 *    contact-email-addr sch-smart-licensing@cisco.com
 *    profile "CiscoTAC-1"
 *     active
 *     destination transport-method http
 *     no destination transport-method email
 *   !
 *   …
 *   end
 *
 * One space of indentation per level; a `!` after each top-level block and between groups of global lines.
 */
import { xeConfigDate } from '../device-time.js';
import type { ConfigMeta } from '../platforms/platform.js';
import type { ConfigNode } from './tree.js';

/** Printed at the top of the call-home block by IOS-XE 16.x. */
export const XE_CALL_HOME_COMMENTS = [
  '! If contact email address in call-home is configured as sch-smart-licensing@cisco.com',
  '! the email address configured in Cisco Smart License Portal will be used as contact email address to send SCH notifications.',
] as const;

const NO_IP_INTERFACES = /^interface (?!(?:Cable|Wideband-Cable|Integrated-Cable|Modular-Cable))/;

function childLines(node: ConfigNode, depth: number): string[] {
  const pad = ' '.repeat(depth);
  const out: string[] = [];
  if (depth === 1 && node.line === 'call-home') out.push(...XE_CALL_HOME_COMMENTS.map((c) => `${pad}${c}`));
  const children = [...node.children];
  const needsNoIp =
    depth === 1 &&
    NO_IP_INTERFACES.test(node.line) &&
    !children.some((c) => /^(?:no )?ip address\b/.test(c.line));
  let noIpPrinted = !needsNoIp;
  for (const child of children) {
    if (!noIpPrinted && !/^(?:description|vrf forwarding|ip vrf forwarding)\b/.test(child.line)) {
      out.push(`${pad}no ip address`);
      noIpPrinted = true;
    }
    out.push(...nodeLines(child, depth));
  }
  if (!noIpPrinted) out.push(`${pad}no ip address`);
  return out;
}

function nodeLines(node: ConfigNode, depth: number): string[] {
  const pad = ' '.repeat(depth);
  // `crypto pki certificate chain` ends each certificate with a tab-indented `quit`.
  const line = node.line === 'quit' && depth >= 2 ? `${' '.repeat(depth)}\tquit` : `${pad}${node.line}`;
  return [line, ...childLines(node, depth + 1)];
}

/** The configuration lines between the header and `end`. */
export function renderXeBody(tree: ConfigNode): string[] {
  const out: string[] = [];
  let previous: ConfigNode | undefined;
  for (const node of tree.children) {
    const isBlock = node.block || node.children.length > 0;
    if (previous !== undefined && !(previous.block || previous.children.length > 0) && (isBlock || previous.order !== node.order)) {
      out.push('!');
    }
    out.push(...nodeLines(node, 0));
    if (isBlock) out.push('!');
    previous = node;
  }
  if (out[out.length - 1] !== '!') out.push('!');
  return [...out, 'end'];
}

function changeLines(meta: ConfigMeta): string[] {
  const lines: string[] = [];
  if (meta.lastChange !== undefined) {
    lines.push(`! Last configuration change at ${xeConfigDate(meta.lastChange.at)} by ${meta.lastChange.user}`);
  }
  if (meta.lastSave !== undefined) {
    lines.push(`! NVRAM config last updated at ${xeConfigDate(meta.lastSave.at)} by ${meta.lastSave.user}`);
  }
  return lines.length === 0 ? [] : ['!', ...lines];
}

function byteCount(lines: readonly string[]): number {
  return Buffer.byteLength(lines.map((l) => `${l}\n`).join(''), 'utf8');
}

export function renderXeRunning(tree: ConfigNode, meta: ConfigMeta): string[] {
  const body = [...changeLines(meta), '!', ...renderXeBody(tree)];
  return ['Building configuration...', '', `Current configuration : ${byteCount(body)} bytes`, ...body];
}

/** `show startup-config`: the same text under `Using N out of 33554432 bytes`. */
export function renderXeStartup(tree: ConfigNode, meta: ConfigMeta): string[] {
  const body = [...changeLines(meta), '!', ...renderXeBody(tree)];
  return [`Using ${byteCount(body)} out of 33554432 bytes`, ...body];
}
