/**
 * What a device's SSH servers saw of authentication: every request a client made (method, user, accepted or
 * not; never the password or key offered), bounded to the most recent ones, with running totals, and the number of
 * connections accepted. A test proves with it that a client which refused the device's host key never offered a
 * credential: the connection was accepted, no authentication request followed.
 */
import type { AuthContext } from 'ssh2';

export interface AuthAttempt {
  readonly method: AuthContext['method'];
  readonly username: string;
  readonly accepted: boolean;
}

export class AuthLog {
  #connections = 0;
  #attempts = 0;
  #accepted = 0;
  readonly #recent: AuthAttempt[] = [];

  constructor(private readonly limit = 256) {}

  connection(): void {
    this.#connections++;
  }

  record(attempt: AuthAttempt): void {
    this.#attempts++;
    if (attempt.accepted) this.#accepted++;
    this.#recent.push(attempt);
    if (this.#recent.length > this.limit) this.#recent.shift();
  }

  /** TCP connections the SSH servers accepted. */
  get connections(): number {
    return this.#connections;
  }

  /** Authentication requests received (a `none` probe included). */
  get attempts(): number {
    return this.#attempts;
  }

  get accepted(): number {
    return this.#accepted;
  }

  /** The most recent requests, oldest first. */
  get recent(): readonly AuthAttempt[] {
    return [...this.#recent];
  }
}
