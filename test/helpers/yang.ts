/**
 * Validation of XML instance data against the YANG modules in yang/ with yanglint (Debian libyang2-tools).
 *
 *   const result = await validateXml(xml, 'edit');   // { valid, messages, command }
 *   t.ok(result.valid, result.messages.join('\n'));
 *
 * Kinds:
 * - `config`  complete configuration (config true only; `must`, `mandatory`, `max-elements` checked). Top-level
 *             elements, or wrapped in `<config>` / `<data>`.
 * - `edit`    the content of an edit-config: top-level elements, `<config>`, or a whole
 *             `<rpc><edit-config>…<config>` message. `nc:operation` values are checked here and the attributes
 *             removed before yanglint runs (Debian's libyang ships no ietf-netconf module to declare them).
 * - `data`    configuration and state, as a `<get>` answers (top-level elements or `<data>`).
 * - `rpc`     an RPC invocation, bare (`<register-id-token xmlns=…>`) or in its `<rpc message-id=…>` envelope.
 * - `reply`   an RPC's output: a `<rpc-reply>` or bare output elements; `options.rpc` names the RPC.
 *
 * yanglint is required: a missing binary fails with a message saying which package to install.
 */
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseXmlFragment, renderXml, withXml, xmlElement, type XmlNode } from '../../src/netconf/xml.js';

export const YANG_DIR = fileURLToPath(new URL('../../yang/', import.meta.url));
const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
const EDIT_OPERATIONS = ['merge', 'replace', 'create', 'delete', 'remove'];

export type YangXmlKind = 'config' | 'edit' | 'data' | 'rpc' | 'reply';

export interface YangValidation {
  readonly valid: boolean;
  /** yanglint's error and warning lines (empty when valid). */
  readonly messages: readonly string[];
  /** The command that ran, for failure messages. */
  readonly command: string;
}

export interface ValidateOptions {
  /** `module:feature,feature` for yanglint -F (default: every feature of every module on). */
  readonly features?: readonly string[];
  /** For `reply`: the RPC whose output this is. */
  readonly rpc?: { readonly name: string; readonly namespace: string };
}

let yanglintChecked: string | null = null;

/** The yanglint binary; throws a clear error when it is not installed. */
export function yanglintPath(): string {
  if (yanglintChecked !== null) return yanglintChecked;
  try {
    execFileSync('yanglint', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error('yanglint is not installed or not on PATH: install the Debian package libyang2-tools (apt-get install libyang2-tools) to validate YANG modules and XML');
  }
  yanglintChecked = 'yanglint';
  return yanglintChecked;
}

/** Main modules in yang/ (submodules are validated through the module that includes them). */
export async function yangModuleFiles(): Promise<string[]> {
  const files = (await readdir(YANG_DIR)).filter((f) => f.endsWith('.yang')).sort();
  const modules: string[] = [];
  for (const file of files) {
    const text = await readFile(join(YANG_DIR, file), 'utf8');
    if (/^\s*module\s/m.test(text.replace(/\/\/.*$/gm, ''))) modules.push(join(YANG_DIR, file));
  }
  return modules;
}

export function runYanglint(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const bin = yanglintPath();
  return new Promise((resolve) => {
    execFile(bin, [...args], { timeout: 120_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

function problems(stderr: string): string[] {
  return stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Lints one module file (with yang/ as search path). */
export async function lintModule(file: string): Promise<YangValidation> {
  const args = ['-p', YANG_DIR, file];
  const { code, stderr } = await runYanglint(args);
  const messages = problems(stderr);
  return { valid: code === 0 && messages.length === 0, messages, command: `yanglint ${args.join(' ')}` };
}

function unwrap(nodes: readonly XmlNode[], names: readonly string[]): XmlNode[] {
  const only = nodes.length === 1 ? nodes[0] : undefined;
  if (only !== undefined && only.ns === NC && names.includes(only.name)) return [...only.children];
  return [...nodes];
}

/** Checks and strips nc:operation attributes, collecting problems. */
function stripOperations(node: XmlNode, issues: string[], path: string): XmlNode {
  const here = `${path}/${node.name}`;
  const op = node.attributes.find((a) => a.ns === NC && a.name === 'operation');
  if (op !== undefined && !EDIT_OPERATIONS.includes(op.value)) {
    issues.push(`invalid edit operation "${op.value}" at ${here} (expected ${EDIT_OPERATIONS.join(', ')})`);
  }
  const stray = node.attributes.find((a) => a.ns === NC && a.name !== 'operation');
  if (stray !== undefined) issues.push(`unknown NETCONF attribute "${stray.name}" at ${here}`);
  const prefixes = Object.fromEntries(Object.entries(node.prefixes).filter(([, uri]) => uri !== NC));
  return withXml(node, {
    attributes: node.attributes.filter((a) => a.ns !== NC),
    prefixes,
    children: node.children.map((c) => stripOperations(c, issues, here)),
  });
}

interface Prepared {
  readonly nodes: readonly XmlNode[];
  readonly type: 'config' | 'edit' | 'data' | 'rpc' | 'reply';
  readonly issues: readonly string[];
}

function prepare(xml: string, kind: YangXmlKind, options: ValidateOptions): Prepared {
  const roots = parseXmlFragment(xml, 'instance XML');
  const issues: string[] = [];
  switch (kind) {
    case 'config':
      return { nodes: unwrap(roots, ['config', 'data']), type: 'config', issues };
    case 'data':
      return { nodes: unwrap(roots, ['data']), type: 'data', issues };
    case 'edit': {
      let nodes: readonly XmlNode[] = roots;
      const rpc = roots.length === 1 && roots[0]?.ns === NC && roots[0].name === 'rpc' ? roots[0] : undefined;
      if (rpc !== undefined) {
        if (!rpc.attributes.some((a) => a.name === 'message-id' && a.ns === '')) issues.push('<rpc> has no message-id');
        const edit = rpc.children.find((c) => c.ns === NC && c.name === 'edit-config');
        if (edit === undefined) {
          issues.push('<rpc> holds no <edit-config>');
          return { nodes: [], type: 'edit', issues };
        }
        if (!edit.children.some((c) => c.ns === NC && c.name === 'target')) issues.push('<edit-config> has no <target>');
        const config = edit.children.find((c) => c.ns === NC && c.name === 'config');
        if (config === undefined) {
          issues.push('<edit-config> has no <config>');
          return { nodes: [], type: 'edit', issues };
        }
        nodes = [config];
      }
      nodes = unwrap(nodes, ['config']);
      return { nodes: nodes.map((n) => stripOperations(n, issues, '')), type: 'edit', issues };
    }
    case 'rpc': {
      let nodes: readonly XmlNode[] = roots;
      const rpc = roots.length === 1 && roots[0]?.ns === NC && roots[0].name === 'rpc' ? roots[0] : undefined;
      if (rpc !== undefined) {
        if (!rpc.attributes.some((a) => a.name === 'message-id' && a.ns === '')) issues.push('<rpc> has no message-id');
        nodes = rpc.children;
      }
      if (nodes.length !== 1) issues.push(`expected exactly one RPC element, found ${nodes.length}`);
      return { nodes, type: 'rpc', issues };
    }
    case 'reply': {
      if (options.rpc === undefined) throw new Error("validateXml(…, 'reply') needs options.rpc { name, namespace }");
      const reply = roots.length === 1 && roots[0]?.ns === NC && roots[0].name === 'rpc-reply' ? roots[0] : undefined;
      const output = reply === undefined ? roots : reply.children.filter((c) => !(c.ns === NC && c.name === 'ok'));
      return { nodes: [xmlElement(options.rpc.name, options.rpc.namespace, [...output])], type: 'reply', issues };
    }
  }
}

/** Validates instance XML against every module in yang/. Never throws for invalid data; throws when yanglint is missing. */
export async function validateXml(xml: string, kind: YangXmlKind, options: ValidateOptions = {}): Promise<YangValidation> {
  yanglintPath();
  if (kind === 'reply' && options.rpc === undefined) throw new Error("validateXml(…, 'reply') needs options.rpc { name, namespace }");
  let prepared: Prepared;
  try {
    prepared = prepare(xml, kind, options);
  } catch (error) {
    return { valid: false, messages: [error instanceof Error ? error.message : String(error)], command: '(not run: XML unreadable)' };
  }
  if (prepared.nodes.length === 0 && prepared.issues.length > 0) {
    return { valid: false, messages: prepared.issues, command: '(not run)' };
  }
  const dir = await mkdtemp(join(tmpdir(), 'smartlic-yang-'));
  try {
    const file = join(dir, 'instance.xml');
    await writeFile(file, renderXml(prepared.nodes), 'utf8');
    const args = ['-p', YANG_DIR, '-t', prepared.type];
    if (prepared.type === 'config' || prepared.type === 'data') args.push('-e');
    for (const f of options.features ?? []) args.push('-F', f);
    args.push(...(await yangModuleFiles()), file);
    const { code, stderr } = await runYanglint(args);
    const messages = [...prepared.issues, ...problems(stderr)];
    return { valid: code === 0 && messages.length === 0, messages, command: `yanglint ${args.join(' ')}` };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
