/**
 * SSH user authentication: which methods to offer, in which order, and with which secret. ssh2 asks the
 * `authHandler` for the next method after each failure; the plan remembers what it tried so that an
 * `AuthError` can say so. Order: `none` (learns the server's list), public key, agent, password,
 * keyboard-interactive (answering password-like prompts with the password).
 */
import ssh2 from 'ssh2';
import type { AnyAuthMethod, AuthHandlerMiddleware, AuthenticationType, ParsedKey, Prompt } from 'ssh2';
import { AuthError } from '../errors.js';
import type { Secret } from '../secret.js';

export type AuthMethodName = 'none' | 'publickey' | 'agent' | 'password' | 'keyboard-interactive';

export interface SshCredentials {
  readonly username: string;
  readonly password?: Secret;
  /** The private key text (OpenSSH, PEM or PPK), not a path. */
  readonly privateKey?: Secret;
  readonly passphrase?: Secret;
  /** Path of the ssh-agent socket. */
  readonly agent?: string;
}

/** Prompts answered with the password during keyboard-interactive authentication. */
const PASSWORD_PROMPT = /pass(?:word|code|phrase)?|pin\b/i;
/** A server that keeps asking is refused after this many rounds. */
const MAX_KEYBOARD_ROUNDS = 4;

export class AuthPlan {
  readonly #credentials: SshCredentials;
  readonly #key: ParsedKey | undefined;
  readonly #tried: AuthMethodName[] = [];
  #started = false;

  constructor(host: string, credentials: SshCredentials) {
    this.#credentials = credentials;
    if (credentials.privateKey !== undefined) {
      const key = ssh2.utils.parseKey(credentials.privateKey.reveal(), credentials.passphrase?.reveal());
      if (key instanceof Error || !key.isPrivateKey()) {
        const reason =
          key instanceof Error
            ? key.message
            : 'the privateKey value is not a private key (it must be the key text, not a path)';
        throw new AuthError(host, credentials.username, ['publickey'], new Error(`private key cannot be used: ${reason}`));
      }
      this.#key = key;
    }
  }

  /** Methods actually attempted with the server (excluding the initial `none` probe). */
  get tried(): readonly AuthMethodName[] {
    return this.#tried.filter((m) => m !== 'none');
  }

  /** The method that was being tried when the server accepted. */
  get lastTried(): AuthMethodName | undefined {
    return this.#tried[this.#tried.length - 1];
  }

  get handler(): AuthHandlerMiddleware {
    return (methodsLeft, _partialSuccess, next) => {
      const method = this.#next(methodsLeft);
      next(method === false ? (false as unknown as AnyAuthMethod) : method);
    };
  }

  #candidates(): Array<Exclude<AuthMethodName, 'none'>> {
    const c = this.#credentials;
    const list: Array<Exclude<AuthMethodName, 'none'>> = [];
    if (this.#key !== undefined) list.push('publickey');
    if (c.agent !== undefined) list.push('agent');
    if (c.password !== undefined) list.push('password', 'keyboard-interactive');
    return list;
  }

  #next(serverMethods: AuthenticationType[] | null): AnyAuthMethod | false {
    const username = this.#credentials.username;
    if (!this.#started) {
      this.#started = true;
      this.#tried.push('none');
      return { type: 'none', username };
    }
    const allowed = serverMethods ?? [];
    // The agent signs with a public key: on the wire it is the `publickey` method.
    const method = this.#candidates().find((m) => !this.#tried.includes(m) && allowed.includes(m === 'agent' ? 'publickey' : m));
    if (method === undefined) return false;
    this.#tried.push(method);
    return this.#method(method);
  }

  #method(method: Exclude<AuthMethodName, 'none'>): AnyAuthMethod {
    const c = this.#credentials;
    const username = c.username;
    switch (method) {
      case 'publickey':
        return { type: 'publickey', username, key: this.#key as ParsedKey };
      case 'agent':
        return { type: 'agent', username, agent: c.agent as string };
      case 'password':
        return { type: 'password', username, password: (c.password as Secret).reveal() };
      case 'keyboard-interactive': {
        let rounds = 0;
        return {
          type: 'keyboard-interactive',
          username,
          prompt: (_name: string, _instructions: string, _lang: string, prompts: Prompt[], finish: (answers: string[]) => void) => {
            rounds++;
            const answers = prompts.map((p) =>
              rounds <= MAX_KEYBOARD_ROUNDS && PASSWORD_PROMPT.test(p.prompt) ? (c.password as Secret).reveal() : '',
            );
            finish(answers);
          },
        };
      }
    }
  }
}
