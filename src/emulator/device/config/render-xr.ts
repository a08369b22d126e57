/**
 * IOS-XR configuration text:
 *
 *   Building configuration...
 *   !! IOS XR Configuration 7.3.2
 *   !! Last configuration change at Tue Jul  2 13:13:37 2024 by admin
 *   !
 *   hostname ios
 *   domain name-server 198.51.100.247
 *   call-home
 *    service active
 *    contact smart-licensing
 *    profile CiscoTAC-1
 *     active
 *     destination transport-method email disable
 *     destination transport-method http
 *    !
 *   !
 *   end
 *
 * Leaves print alone; a block prints its children one space deeper and closes with `!` at its own depth.
 * The same shape serves `show configuration` (the candidate's lines) and `show running-config <section>`.
 */
import { xrConfigDate } from '../device-time.js';
import type { ConfigMeta } from '../platforms/platform.js';
import type { DiffLine } from './diff.js';
import type { ConfigNode } from './tree.js';

export function renderXrNodes(nodes: readonly ConfigNode[], depth = 0): string[] {
  const out: string[] = [];
  const pad = ' '.repeat(depth);
  for (const node of nodes) {
    out.push(`${pad}${node.line}`);
    if (node.block || node.children.length > 0) {
      out.push(...renderXrNodes(node.children, depth + 1), `${pad}!`);
    }
  }
  return out;
}

export function xrHeader(version: string): string[] {
  return ['Building configuration...', `!! IOS XR Configuration ${version}`];
}

export function renderXrRunning(tree: ConfigNode, meta: ConfigMeta & { readonly bootTime?: number }): string[] {
  const change = meta.lastChange ?? (meta.bootTime === undefined ? undefined : { at: meta.bootTime, user: 'SYSTEM' });
  return [
    ...xrHeader(meta.version),
    ...(change === undefined ? [] : [`!! Last configuration change at ${xrConfigDate(change.at)} by ${change.user}`]),
    '!',
    ...renderXrNodes(tree.children),
    'end',
  ];
}

/** `show commit changes diff`: `+  line` / `-  line` / `   line` with the line's own indentation. */
export function renderXrDiff(version: string, lines: readonly DiffLine[]): string[] {
  return [
    ...xrHeader(version),
    ...lines.map((l) => `${l.mark === ' ' ? ' ' : l.mark}  ${' '.repeat(l.depth)}${l.text}`),
    'end',
  ];
}

/**
 * Top-level nodes (and, inside them, children) whose words start with `words` — `show running-config call-home`,
 * `show running-config hostname`, `show running-config call-home profile CiscoTAC-1`. Words match by prefix.
 */
export function filterSection(nodes: readonly ConfigNode[], words: readonly string[]): ConfigNode[] {
  const out: ConfigNode[] = [];
  for (const node of nodes) {
    const tokens = node.line.split(/\s+/);
    let i = 0;
    while (i < words.length && i < tokens.length && (tokens[i] ?? '').toLowerCase().startsWith((words[i] ?? '').toLowerCase())) i++;
    if (i < tokens.length && i < words.length) continue;
    if (i === words.length) {
      out.push(node);
      continue;
    }
    // The node's line is a prefix of the words: the rest selects among its children.
    const children = filterSection(node.children, words.slice(tokens.length));
    if (children.length > 0) out.push({ ...node, children });
  }
  return out;
}
