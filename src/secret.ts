/**
 * Secrets (ID tokens, passwords, key passphrases, CSSM client secrets) are wrapped in `Secret` so that
 * string conversion, JSON serialisation and `util.inspect` print `***`. The plain value is only reachable
 * through `reveal()`, which the code that really needs it (ssh2 auth, the CLI line sent to a device,
 * the HTTP body sent to CSSM) calls at the last moment.
 *
 * Every secret value is also remembered in a process-wide registry so that `redactText` can scrub it out
 * of free text that may have picked it up on the way (a device echoing a command line, an error message
 * quoting device output, a log line).
 */
import { inspect } from 'node:util';

export const REDACTED = '***';

const registry = new Set<string>();
let pattern: RegExp | null = null;
/** Values scrubbed only where they follow a credential keyword (see `SecretOptions.scrub`). */
const keywordRegistry = new Set<string>();
let keywordPattern: RegExp | null = null;

/**
 * A credential keyword and what separates it from its value: `password admin`, `secret 0 admin`, `password 7 …`,
 * `password: admin`, `"password":"admin"`, `pwd=admin`.
 */
const CREDENTIAL_KEYWORD = String.raw`(\b(?:password|passwd|pwd|secret|passphrase|pass)\b(?:"?\s*[:=]\s*"?|\s+(?:\d\s+)?))`;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function alternation(values: Iterable<string>): string {
  return [...values]
    .filter((v) => v.length > 0)
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');
}

function rebuildPattern(): void {
  pattern = registry.size === 0 ? null : new RegExp(alternation(registry), 'g');
  keywordPattern = keywordRegistry.size === 0 ? null : new RegExp(`${CREDENTIAL_KEYWORD}(?:${alternation(keywordRegistry)})(?![A-Za-z0-9_.-])`, 'gi');
}

/** Remembers a value to scrub only where it is written as a credential (`password <value>`, `"secret": "<value>"`). */
export function registerCredentialValue(value: string): void {
  if (value.length === 0 || keywordRegistry.has(value)) return;
  keywordRegistry.add(value);
  rebuildPattern();
}

/** Remembers a value as secret so that `redactText` removes it from any text. */
export function registerSecretValue(value: string): void {
  if (value.length === 0 || registry.has(value)) return;
  registry.add(value);
  // A token typed on a device can be echoed back wrapped over several lines or URL-decoded; remember the
  // decoded form too so that neither shape leaks.
  try {
    const decoded = decodeURIComponent(value);
    if (decoded !== value && decoded.length > 0) registry.add(decoded);
  } catch {
    // not URL-encoded: nothing more to remember
  }
  rebuildPattern();
}

/** Replaces every registered secret value in `text` with `***`. */
export function redactText(text: string): string {
  if (text.length === 0) return text;
  const scrubbed = pattern === null ? text : text.replace(pattern, REDACTED);
  return keywordPattern === null ? scrubbed : scrubbed.replace(keywordPattern, (_match, keyword: string) => `${keyword}${REDACTED}`);
}

export interface SecretOptions {
  /**
   * Remember the value for `redactText` (default true). `'credential'` for a value that is printed in clear anyway,
   * such as a password equal to its username: scrubbing it everywhere would turn every mention of the user into
   * `***`, so it is scrubbed only where it is written as a credential (`password admin`, `secret 0 admin`,
   * `"password": "admin"`). False: not scrubbed from text at all. The `Secret` itself always prints `***`.
   */
  readonly scrub?: boolean | 'credential';
}

export class Secret {
  readonly #value: string;

  constructor(value: string, options: SecretOptions = {}) {
    if (typeof value !== 'string') throw new TypeError('Secret value must be a string');
    this.#value = value;
    if (options.scrub === 'credential') registerCredentialValue(value);
    else if (options.scrub !== false) registerSecretValue(value);
  }

  /** The plain value, for the one place that must send it. */
  reveal(): string {
    return this.#value;
  }

  get length(): number {
    return this.#value.length;
  }

  equals(other: Secret | string): boolean {
    return (other instanceof Secret ? other.reveal() : other) === this.#value;
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return `Secret(${REDACTED})`;
  }
}

export function isSecret(value: unknown): value is Secret {
  return value instanceof Secret;
}

/** Accepts a plain string or a Secret and always returns a Secret. */
export function toSecret(value: string | Secret): Secret {
  return value instanceof Secret ? value : new Secret(value);
}
