/**
 * CLI modes. A session is a stack of modes (fake-switches' processors): `enable` and `configure terminal`
 * push, `exit` pops, `end` returns to privileged exec. A mode's prompt is `<hostname><(name)><sigil>`.
 */
export type ModeId = string;

export type ModeLevel = 'user' | 'privileged' | 'config';

export interface ModeDefinition {
  readonly id: ModeId;
  /** The text inside the prompt's parentheses (`config`, `cfg-call-home`, `config-call-home-profile` …); '' in exec. */
  readonly promptName: string;
  readonly level: ModeLevel;
}

/**
 * Where a command is valid: a mode id, or a family —
 * `@exec` (user and privileged exec), `@privileged` (privileged exec), `@config` (every configuration mode,
 * global and sub-modes), `@submode` (configuration sub-modes only), `@any`.
 */
export type ModeSelector = ModeId | '@exec' | '@privileged' | '@config' | '@submode' | '@any';

export function selectorMatches(selector: ModeSelector, mode: ModeDefinition, configRoot: ModeId): boolean {
  switch (selector) {
    case '@any':
      return true;
    case '@exec':
      return mode.level !== 'config';
    case '@privileged':
      return mode.level === 'privileged';
    case '@config':
      return mode.level === 'config';
    case '@submode':
      return mode.level === 'config' && mode.id !== configRoot;
    default:
      return selector === mode.id;
  }
}
