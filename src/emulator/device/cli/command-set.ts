/**
 * A platform's commands plus extension commands, compiled into one grammar per mode on first use. The same
 * set (and its compiled grammars) is shared by every device that has the same extensions, so a fleet of
 * thousands compiles each grammar once.
 */
import { InvalidArgumentError } from '../../../errors.js';
import { selectorMatches, type ModeDefinition, type ModeId } from '../modes.js';
import type { EmulatorPlatform } from '../platforms/platform.js';
import type { CommandDefinition, ConfigLineDefinition } from './command.js';
import { Grammar, type GrammarEntry } from './grammar.js';
import { compileSyntax, type Step } from './syntax.js';

export type GrammarPayload =
  | { readonly kind: 'command'; readonly def: CommandDefinition }
  | {
      readonly kind: 'config';
      readonly def: ConfigLineDefinition;
      readonly negated: boolean;
      /** Default order (declaration position) when the definition has none. */
      readonly order: number;
      /** `no <keywords>` without the value of a single-valued line. */
      readonly partial: boolean;
      /** IOS-XE `default <line>`: back to the default, neither form stored (set with `negated`). */
      readonly reset?: true;
    };

export interface CommandSetAdditions {
  readonly commands?: readonly CommandDefinition[];
  readonly configLines?: readonly ConfigLineDefinition[];
}

const DEFAULT: Step = { kind: 'keyword', word: 'default' };

function syntaxes(syntax: string | readonly string[]): readonly string[] {
  return typeof syntax === 'string' ? [syntax] : syntax;
}

/** The keywords before the first argument (or named keyword group) of a sequence. */
export function leadingKeywords(steps: readonly Step[]): Step[] {
  const out: Step[] = [];
  for (const step of steps) {
    if (step.kind === 'arg' || step.group !== undefined) break;
    out.push(step);
  }
  return out;
}

export class CommandSet {
  readonly #grammars = new Map<ModeId, Grammar<GrammarPayload>>();

  constructor(
    readonly platform: EmulatorPlatform,
    readonly commands: readonly CommandDefinition[],
    readonly configLines: readonly ConfigLineDefinition[],
  ) {
    for (const def of [...commands, ...configLines]) {
      for (const selector of def.modes) {
        if (selector.startsWith('@')) continue;
        if (!platform.modes.some((m) => m.id === selector)) {
          throw new InvalidArgumentError('command', `"${syntaxes(def.syntax)[0] ?? ''}" names unknown ${platform.id} mode "${selector}"`);
        }
      }
      for (const s of syntaxes(def.syntax)) compileSyntax(s);
    }
  }

  static of(platform: EmulatorPlatform): CommandSet {
    return new CommandSet(platform, platform.commands, platform.configLines);
  }

  /** A new set with more commands (the originals keep their grammars). */
  with(additions: CommandSetAdditions): CommandSet {
    if ((additions.commands?.length ?? 0) === 0 && (additions.configLines?.length ?? 0) === 0) return this;
    return new CommandSet(
      this.platform,
      [...this.commands, ...(additions.commands ?? [])],
      [...this.configLines, ...(additions.configLines ?? [])],
    );
  }

  /** Compiles every mode's grammar now, so that a conflicting definition fails at registration. */
  compileAll(): this {
    for (const mode of this.platform.modes) this.grammar(mode.id);
    return this;
  }

  mode(id: ModeId): ModeDefinition {
    const mode = this.platform.modes.find((m) => m.id === id);
    if (mode === undefined) throw new InvalidArgumentError('mode', `unknown ${this.platform.id} mode "${id}"`);
    return mode;
  }

  grammar(modeId: ModeId): Grammar<GrammarPayload> {
    const cached = this.#grammars.get(modeId);
    if (cached !== undefined) return cached;
    const mode = this.mode(modeId);
    const root = this.platform.configRoot;
    const entries: GrammarEntry<GrammarPayload>[] = [];
    for (const def of this.commands) {
      if (!def.modes.some((s) => selectorMatches(s, mode, root))) continue;
      for (const s of syntaxes(def.syntax)) {
        entries.push({ sequences: compileSyntax(s), payload: { kind: 'command', def }, label: s, ...(def.override ? { override: true } : {}) });
      }
    }
    this.configLines.forEach((def, index) => {
      if (!def.modes.some((s) => selectorMatches(s, mode, root))) return;
      const order = def.order ?? (index + 1) * 10;
      for (const s of syntaxes(def.syntax)) {
        const sequences = compileSyntax(s);
        const override = def.override ? { override: true } : {};
        entries.push({ sequences, payload: { kind: 'config', def, negated: false, order, partial: false }, label: s, ...override });
        if (def.negation === false) continue;
        const no: Step = { kind: 'keyword', word: 'no' };
        entries.push({
          sequences: sequences.map((seq) => [no, ...seq]),
          payload: { kind: 'config', def, negated: true, order, partial: false },
          label: `no ${s}`,
          ...override,
        });
        // IOS-XE `default <line>` (not for sub-mode lines): neither the line nor its `no` form stays.
        const prefixes = this.platform.id === 'ios-xe' && def.enters === undefined ? [no, DEFAULT] : [no];
        if (prefixes.includes(DEFAULT)) {
          entries.push({
            sequences: sequences.map((seq) => [DEFAULT, ...seq]),
            payload: { kind: 'config', def, negated: true, order, partial: false, reset: true },
            label: `default ${s}`,
            ...override,
          });
        }
        if (def.single) {
          // `no <keywords>` without the value: the shortest keyword head of this spelling (`no ip name-server`,
          // not `no ip name-server vrf`, which stays incomplete as on IOS).
          const all = sequences.map(leadingKeywords).filter((h) => h.length > 0);
          const shortest = Math.min(...all.map((h) => h.length));
          const heads = all.filter((h) => h.length === shortest);
          for (const prefix of prefixes) {
            entries.push({
              sequences: heads.map((h) => [prefix, ...h]),
              payload: { kind: 'config', def, negated: true, order, partial: true, ...(prefix === DEFAULT ? { reset: true as const } : {}) },
              label: `${prefix.kind === 'keyword' ? prefix.word : ''} ${s}`,
              soft: true,
            });
          }
        }
      }
    });
    const grammar = new Grammar(entries);
    this.#grammars.set(modeId, grammar);
    return grammar;
  }
}
