/**
 * Generates src/emulator/netconf/device-schema.ts from the modules in yang/: the module list each platform
 * announces (name, namespace, revision) and the list keys / leaf-lists the server engine needs for edit-config,
 * read from `yanglint -f tree` (which shows augments in place and groupings expanded).
 *
 *   npx tsx test/yang/generate-device-schema.ts --write          # rewrite the file
 *   UPDATE_GOLDEN=1 npx tap test/yang/device-schema.test.ts
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runYanglint, yangModuleFiles, YANG_DIR } from '../helpers/yang.js';

export const DEVICE_SCHEMA_FILE = fileURLToPath(new URL('../../src/emulator/netconf/device-schema.ts', import.meta.url));

interface ModuleInfo {
  readonly name: string;
  readonly namespace: string;
  readonly revision: string;
}

async function moduleInfo(file: string): Promise<ModuleInfo> {
  const text = await readFile(file, 'utf8');
  const namespace = /^\s*namespace\s+"([^"]+)"\s*;/m.exec(text)?.[1];
  const revision = /^\s*revision\s+"?(\d{4}-\d{2}-\d{2})"?/m.exec(text)?.[1];
  if (!namespace || !revision) throw new Error(`${file}: no namespace or revision statement`);
  return { name: basename(file, '.yang'), namespace, revision };
}

const LINE = /^(?<indent>[ |]*)[+xo]--(?<flags>rw|ro|:)?\s?(?<name>\S+)(?<rest>.*)$/;

/** Parses the data-node part of `yanglint -f tree` output into list keys and leaf-list paths. */
export function parseTree(tree: string, namespaces: ReadonlyMap<string, string>): { lists: Record<string, string[]>; leafLists: string[] } {
  const lists: Record<string, string[]> = {};
  const leafLists: string[] = [];
  let inData = false;
  let topNs = '';
  let stack: Array<string | null> = [];
  for (const line of tree.split('\n')) {
    const header = /^module: (\S+)$/.exec(line);
    if (header) {
      inData = true;
      stack = [];
      topNs = namespaces.get(header[1] as string) ?? '';
      continue;
    }
    if (line.trim() === '') {
      inData = false; // augment, rpcs and notifications sections follow the data tree after a blank line
      continue;
    }
    if (!inData) continue;
    const m = LINE.exec(line);
    if (!m?.groups) continue;
    const depth = Math.round(((m.groups['indent'] ?? '').length - 2) / 3);
    const raw = (m.groups['name'] ?? '').replace(/^[\w.-]+:/, '');
    const rest = (m.groups['rest'] ?? '').trim();
    stack = stack.slice(0, depth);
    if (raw.startsWith('(') || raw.startsWith(':(') || m.groups['flags'] === ':') {
      stack[depth] = null; // choice or case: no element of its own
      continue;
    }
    const name = raw.replace(/[?*!]+$/, '');
    stack[depth] = name;
    const path = `{${topNs}}${stack.filter((s): s is string => s !== null).join('/')}`;
    if (raw.endsWith('*')) {
      const keys = /^\[([^\]]+)\]/.exec(rest);
      if (keys) lists[path] = (keys[1] as string).split(/\s+/);
      else if (rest === '') lists[path] = []; // keyless list (state data)
      else leafLists.push(path);
    }
  }
  return { lists, leafLists };
}

function platformOf(module: string): 'xe' | 'xr' | 'smartlic' {
  if (module.startsWith('Cisco-IOS-XE-') || module === 'cisco-smart-license' || module === 'cisco-ia') return 'xe';
  if (module.startsWith('Cisco-IOS-XR-')) return 'xr';
  return 'smartlic';
}

export async function generateDeviceSchemaSource(): Promise<string> {
  const files = await yangModuleFiles();
  const infos = await Promise.all(files.map(moduleInfo));
  const namespaces = new Map(infos.map((i) => [i.name, i.namespace]));
  const { code, stdout, stderr } = await runYanglint(['-f', 'tree', '-p', YANG_DIR, ...files]);
  if (code !== 0) throw new Error(`yanglint -f tree failed: ${stderr}`);
  const { lists, leafLists } = parseTree(stdout, namespaces);
  const refs = (platform: 'xe' | 'xr' | 'smartlic'): string =>
    infos
      .filter((i) => platformOf(i.name) === platform)
      .map((i) => `  { name: '${i.name}', namespace: '${i.namespace}', revision: '${i.revision}' },`)
      .join('\n');
  const listLines = Object.keys(lists)
    .sort()
    .map((p) => `    '${p}': [${(lists[p] ?? []).map((k) => `'${k}'`).join(', ')}],`)
    .join('\n');
  const leafListLines = [...leafLists].sort().map((p) => `    '${p}',`).join('\n');
  return `/**
 * Generated from yang/ by test/yang/generate-device-schema.ts; do not edit. Regenerate after changing a module:
 * \`npx tsx test/yang/generate-device-schema.ts --write\` (test/yang/device-schema.test.ts fails while this file is stale).
 *
 * The modules each emulated platform announces, and the list keys and leaf-lists of their data trees for the
 * server engine's edit-config and XPath handling.
 */
import type { SchemaHints } from './schema.js';
import type { YangModuleRef } from './types.js';

export const IOS_XE_YANG_MODULES: readonly YangModuleRef[] = [
${refs('xe')}
];

export const IOS_XR_YANG_MODULES: readonly YangModuleRef[] = [
${refs('xr')}
];

/** smartlic's own models (not served by a device). */
export const SMARTLIC_YANG_MODULES: readonly YangModuleRef[] = [
${refs('smartlic')}
];

export const DEVICE_SCHEMA_HINTS: SchemaHints = {
  lists: {
${listLines}
  },
  leafLists: [
${leafListLines}
  ],
};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1] && process.argv.includes('--write')) {
  const source = await generateDeviceSchemaSource();
  await writeFile(DEVICE_SCHEMA_FILE, source, 'utf8');
  console.log(`wrote ${DEVICE_SCHEMA_FILE}`);
}
