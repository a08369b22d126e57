/**
 * IOS-XR commands around the candidate configuration: `configure [terminal|exclusive]`, `commit` with its
 * options, `abort`, leaving with the uncommitted-changes question, `show configuration [merge|failed]`,
 * `show commit changes diff`, `show running-config [section]`. Texts follow real IOS-XR 7.x output:
 *
 *   RP/0/RP0/CPU0:ios(config)#commit
 *   Tue Jun 22 16:55:27.392 UTC
 *
 *   % Failed to commit one or more configuration items during a pseudo-atomic operation. All changes made have
 *   been reverted. Please issue 'show configuration failed [inheritance]' from this session to view the errors
 */
import type { CommandContext, CommandDefinition, CommandMatch } from '../cli/command.js';
import { CliInputError } from '../cli/error-text.js';
import { Candidate } from '../config/candidate.js';
import { diffLines } from '../config/diff.js';
import { filterSection, renderXrDiff, renderXrNodes, xrHeader } from '../config/render-xr.js';
import type { RejectedOp } from '../config/store.js';
import { createRoot, insertChild, type MutableConfigNode } from '../config/tree.js';
import { xrConfigDate } from '../device-time.js';
import { configMetaOf, runtimeOf } from '../device-runtime.js';
import { showCallHomeProfile } from './call-home-profile.js';
import { doCommand, showCommands, terminalCommands } from './common-commands.js';
import { XR_MODES } from './xr-config-lines.js';

export const XR_COMMIT_FAILED =
  "% Failed to commit one or more configuration items during a pseudo-atomic operation. All changes made have been reverted. Please issue 'show configuration failed [inheritance]' from this session to view the errors";

export const XR_UNCOMMITTED_QUESTION = 'Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:';

/** [INF] The seeds and public captures do not show IOS-XR's text for a second exclusive session. */
export const XR_EXCLUSIVE_REFUSED =
  '% Failed to enter exclusive configuration mode: the configuration is locked by another configuration session. Please try again later.';

/** [INF] Text for a commit refused while another session holds the exclusive lock. */
export const XR_LOCKED_COMMIT = '% Failed to commit: the configuration is locked by another configuration session (configure exclusive).';

const SEMANTIC_HEADER = [
  '!! SEMANTIC ERRORS: This configuration was rejected by ',
  '!! the system due to semantic errors. The individual ',
  '!! errors with each failed configuration command can be ',
  '!! found below.',
  '',
  '',
];

/** [INF] `commit confirmed` without a value. */
const DEFAULT_CONFIRM_SECONDS = 600;

function candidateOf(ctx: CommandContext): Candidate {
  const candidate = ctx.control.candidate;
  if (!(candidate instanceof Candidate)) throw new CliInputError('invalid', 0);
  return candidate;
}

interface CommitOptions {
  readonly label?: string;
  readonly comment?: string;
  readonly confirmSeconds?: number;
  readonly showError: boolean;
}

const COMMIT_KEYWORDS = ['best-effort', 'comment', 'confirmed', 'force', 'label', 'show-error'] as const;

function keywordAt(m: CommandMatch, index: number, words: readonly string[]): string {
  const token = m.tokens[index];
  if (token === undefined) throw new CliInputError('incomplete');
  const lower = token.value.toLowerCase();
  const exact = words.find((w) => w === lower);
  if (exact !== undefined) return exact;
  const hits = words.filter((w) => w.startsWith(lower));
  if (hits.length > 1) throw new CliInputError('ambiguous', token.start);
  const hit = hits[0];
  if (hit === undefined || token.quoted) throw new CliInputError('invalid', token.start);
  return hit;
}

/** `commit [label L] [comment C…] [confirmed [N | minutes N]] [show-error] [best-effort] [force]`, any order. */
export function parseCommitOptions(m: CommandMatch): CommitOptions {
  let label: string | undefined;
  let comment: string | undefined;
  let confirmSeconds: number | undefined;
  let showError = false;
  for (let i = 1; i < m.tokens.length; ) {
    const word = keywordAt(m, i, COMMIT_KEYWORDS);
    const next = m.tokens[i + 1];
    switch (word) {
      case 'comment':
        if (next === undefined) throw new CliInputError('incomplete');
        comment = m.line.slice(next.start).trim();
        i = m.tokens.length;
        break;
      case 'label':
        if (next === undefined) throw new CliInputError('incomplete');
        if (!/^[A-Za-z][\w-]{0,59}$/.test(next.value)) throw new CliInputError('invalid', next.start);
        label = next.value;
        i += 2;
        break;
      case 'confirmed': {
        if (next !== undefined && /^\d+$/.test(next.value)) {
          const seconds = Number(next.value);
          if (seconds < 30 || seconds > 65535) throw new CliInputError('invalid', next.start);
          confirmSeconds = seconds;
          i += 2;
        } else if (next !== undefined && 'minutes'.startsWith(next.value.toLowerCase()) && next.value.length > 0) {
          const value = m.tokens[i + 2];
          if (value === undefined) throw new CliInputError('incomplete');
          if (!/^\d+$/.test(value.value) || Number(value.value) < 1 || Number(value.value) > 65535) {
            throw new CliInputError('invalid', value.start);
          }
          confirmSeconds = Number(value.value) * 60;
          i += 3;
        } else {
          confirmSeconds = DEFAULT_CONFIRM_SECONDS;
          i += 1;
        }
        break;
      }
      case 'show-error':
        showError = true;
        i += 1;
        break;
      default:
        i += 1;
    }
  }
  return {
    showError,
    ...(label === undefined ? {} : { label }),
    ...(comment === undefined ? {} : { comment }),
    ...(confirmSeconds === undefined ? {} : { confirmSeconds }),
  };
}

/** `show configuration failed`: the rejected lines in their blocks, each followed by `!!% <reason>`. */
export function renderFailed(rejected: readonly RejectedOp[]): string[] {
  const root = createRoot();
  const notes = new Map<MutableConfigNode, string[]>();
  for (const r of rejected) {
    let node = root;
    for (const line of r.op.path) {
      let next = node.children.find((c) => c.line === line);
      if (next === undefined) {
        next = { line, key: line, order: node.children.length, block: true, children: [] };
        insertChild(node, next);
      }
      node = next;
    }
    const text = r.op.kind === 'delete' ? `no ${r.op.line}` : r.op.line;
    let leaf = node.children.find((c) => c.line === text);
    if (leaf === undefined) {
      leaf = { line: text, key: text, order: node.children.length, block: false, children: [] };
      insertChild(node, leaf);
    }
    notes.set(leaf, [...(notes.get(leaf) ?? []), ...r.message.split('\n').map((l) => `!!${l.startsWith('%') ? l : `% ${l}`}`)]);
  }
  const lines: string[] = [];
  const emit = (nodes: readonly MutableConfigNode[], depth: number): void => {
    for (const node of nodes) {
      lines.push(`${' '.repeat(depth)}${node.line}`);
      lines.push(...(notes.get(node) ?? []));
      if (node.block) {
        emit(node.children, depth + 1);
        lines.push(`${' '.repeat(depth)}!`);
      }
    }
  };
  emit(root.children, 0);
  return [...SEMANTIC_HEADER, ...lines, 'end', ''];
}

function commitCandidate(ctx: CommandContext, options: CommitOptions): boolean {
  const rt = runtimeOf(ctx.device);
  const candidate = candidateOf(ctx);
  if (candidate.ops.length === 0) {
    if (!rt.store.confirm()) ctx.print('% No modifications to commit.');
    return true;
  }
  const holder = rt.store.exclusiveHolder;
  if (holder !== undefined && holder !== ctx.session.id) {
    ctx.print(['', XR_LOCKED_COMMIT]);
    ctx.control.markFailed();
    return false;
  }
  const result = rt.store.commit(
    candidate.ops,
    {
      source: 'cli',
      user: ctx.session.user,
      sessionId: ctx.session.id,
      ...(options.label === undefined ? {} : { label: options.label }),
      ...(options.comment === undefined ? {} : { comment: options.comment }),
    },
    options.confirmSeconds === undefined ? {} : { confirmMs: options.confirmSeconds * 1000 },
  );
  if (!result.ok) {
    candidate.failed = result.rejected;
    ctx.print(['', XR_COMMIT_FAILED]);
    if (options.showError) ctx.print(renderFailed(result.rejected));
    ctx.control.markFailed();
    return false;
  }
  candidate.failed = undefined;
  candidate.clear();
  if (result.changes.length > 0) {
    ctx.control.markConfigChanged();
    rt.syslog.append({
      at: ctx.now(),
      facility: 'MGBL-CONFIG',
      severity: 6,
      mnemonic: 'DB_COMMIT',
      process: 'config[65840]',
      text: `Configuration committed by user '${ctx.session.user}'. Use 'show configuration commit changes ${result.commitId ?? ''}' to view the changes.`,
    });
  }
  return true;
}

/** `end` / `exit` at the top: asks about uncommitted changes first (yes: commit, no: discard, else stay). */
async function leaveConfig(ctx: CommandContext): Promise<void> {
  const candidate = candidateOf(ctx);
  if (candidate.ops.length > 0) {
    const answer = (await ctx.ask(XR_UNCOMMITTED_QUESTION)).trim().toLowerCase();
    if (answer === 'yes' || answer === 'y') {
      if (!commitCandidate(ctx, { showError: false })) return;
    } else if (answer === 'no' || answer === 'n') {
      candidate.clear();
    } else {
      return;
    }
  }
  ctx.control.leaveConfig();
}

function showRunning(ctx: CommandContext, m: CommandMatch): void {
  const rt = runtimeOf(ctx.device);
  const tree = rt.store.running();
  const words = (m.args['section'] ?? '').split(/\s+/).filter(Boolean);
  if (words.length === 0) {
    ctx.print(rt.platform.renderRunning(tree, configMetaOf(rt)));
    return;
  }
  const nodes = filterSection(tree.children, words);
  ctx.print(nodes.length === 0 ? ['% No such configuration item(s)', ''] : [...renderXrNodes(nodes), '']);
}

export function xrCommands(): CommandDefinition[] {
  const configModes = ['@config'] as const;
  return [
    ...terminalCommands(),
    {
      syntax: 'terminal exec prompt {no-timestamp|timestamp}:setting',
      modes: ['@exec'],
      timestamp: false,
      run: (ctx, m) => ctx.control.setTerminal({ timestamps: m.groups['setting'] === 'timestamp' }),
    },
    {
      syntax: ['exit', 'logout'],
      modes: ['@exec'],
      kind: 'mode',
      timestamp: false,
      run: (ctx) => ctx.control.close(),
    },
    ...showCommands(configModes),
    showCallHomeProfile(['@exec', ...configModes]),
    doCommand(XR_MODES.exec),
    {
      syntax: ['configure', 'configure terminal', 'configure exclusive'],
      modes: [XR_MODES.exec],
      kind: 'mode',
      timestamp: false,
      run: (ctx, m) => {
        const exclusive = m.keywords.has('exclusive');
        if (!ctx.control.startCandidate(exclusive)) {
          ctx.print(XR_EXCLUSIVE_REFUSED);
          ctx.control.markFailed();
          return;
        }
        ctx.control.pushMode(XR_MODES.config);
      },
    },
    {
      syntax: ['commit', 'commit <options:line>'],
      modes: configModes,
      kind: 'commit',
      timestamp: true,
      run: (ctx, m) => void commitCandidate(ctx, parseCommitOptions(m)),
    },
    {
      syntax: 'abort',
      modes: configModes,
      kind: 'commit',
      timestamp: false,
      run: (ctx) => {
        const candidate = candidateOf(ctx);
        candidate.clear();
        candidate.failed = undefined;
        ctx.control.leaveConfig();
      },
    },
    {
      syntax: 'end',
      modes: configModes,
      kind: 'mode',
      timestamp: false,
      run: leaveConfig,
    },
    {
      syntax: 'exit',
      modes: configModes,
      kind: 'mode',
      timestamp: false,
      run: async (ctx) => {
        if (ctx.session.mode === XR_MODES.config) await leaveConfig(ctx);
        else ctx.control.popMode();
      },
    },
    {
      syntax: 'root',
      modes: ['@submode'],
      kind: 'mode',
      timestamp: false,
      run: (ctx) => {
        while (ctx.session.mode !== XR_MODES.config) ctx.control.popMode();
      },
    },
    {
      syntax: ['show running-config', 'show running-config <section:line>'],
      modes: ['@exec', ...configModes],
      timestamp: true,
      run: showRunning,
    },
    {
      syntax: 'show configuration',
      modes: configModes,
      timestamp: true,
      run: (ctx) => {
        const rt = runtimeOf(ctx.device);
        ctx.print([...xrHeader(rt.identity.version), ...renderXrNodes(candidateOf(ctx).typedTree().children), 'end', '']);
      },
    },
    {
      syntax: 'show configuration merge',
      modes: configModes,
      timestamp: true,
      run: (ctx) => {
        const rt = runtimeOf(ctx.device);
        ctx.print([...rt.platform.renderRunning(candidateOf(ctx).tree(), configMetaOf(rt)), '']);
      },
    },
    {
      syntax: 'show configuration failed [inheritance]',
      modes: configModes,
      timestamp: true,
      run: (ctx) => {
        const failed = candidateOf(ctx).failed;
        if (failed !== undefined && failed.length > 0) ctx.print(renderFailed(failed));
      },
    },
    {
      syntax: 'show commit changes diff',
      modes: configModes,
      timestamp: true,
      run: (ctx) => {
        const rt = runtimeOf(ctx.device);
        const lines = diffLines(rt.store.running(), candidateOf(ctx).tree());
        ctx.print([...renderXrDiff(rt.identity.version, lines), '']);
      },
    },
    {
      syntax: 'show configuration commit list',
      modes: ['@exec', ...configModes],
      timestamp: true,
      run: (ctx) => {
        const history = runtimeOf(ctx.device).store.history();
        ctx.print([
          'SNo. Label/ID              User      Line                Client      Time Stamp',
          '~~~~ ~~~~~~~~              ~~~~      ~~~~                ~~~~~~      ~~~~~~~~~~',
          ...history.map(
            (c, i) =>
              `${String(i + 1).padEnd(5)}${(c.label ?? c.id).padEnd(22)}${c.user.padEnd(10)}${'vty0:node0_RP0_CPU0'.padEnd(20)}${'CLI'.padEnd(12)}${xrConfigDate(c.at)}`,
          ),
          '',
        ]);
      },
    },
  ];
}

