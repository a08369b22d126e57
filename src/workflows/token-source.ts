/** Turning a `TokenSource` into the ID token for one device. */
import { InvalidArgumentError } from '../errors.js';
import { isSecret, type Secret } from '../secret.js';
import type { OperationOptions, TokenSource } from './ports.js';

export function isTokenSource(value: unknown): value is TokenSource {
  return isSecret(value) || typeof value === 'function';
}

/** The token for `host`; a source that yields anything but a non-empty `Secret` is refused. */
export async function obtainToken(source: TokenSource, host: string, options: OperationOptions): Promise<Secret> {
  const token = isSecret(source) ? source : await source(host, options);
  if (!isSecret(token) || token.length === 0) throw new InvalidArgumentError('token', 'the token source must yield a non-empty Secret', { host });
  return token;
}

/** Refuses a missing or plain-string token before any device is touched (a plain string would print in logs). */
export function checkTokenSource(value: unknown, name = 'token'): TokenSource {
  if (!isTokenSource(value)) throw new InvalidArgumentError(name, 'must be a Secret or a function returning a Secret (wrap the value: new Secret(text))');
  return value;
}
