/**
 * The local users of a device and how they authenticate: password (also via keyboard-interactive, as IOS
 * offers it) and public key (the key must be authorised for the user and the signature must verify).
 */
import { timingSafeEqual } from 'node:crypto';
import ssh2 from 'ssh2';
import type { ParsedKey } from 'ssh2';
import { InvalidArgumentError } from '../../../errors.js';
import type { DeviceUser } from '../types.js';

export const DEFAULT_USERS: readonly DeviceUser[] = [{ username: 'admin', password: 'admin', privilege: 15 }];

interface UserEntry {
  readonly user: DeviceUser;
  readonly keys: readonly ParsedKey[];
}

function parsePublicKey(text: string, username: string): ParsedKey {
  const parsed = ssh2.utils.parseKey(text);
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (key === undefined || key instanceof Error) {
    throw new InvalidArgumentError('public key', `user "${username}": ${key instanceof Error ? key.message : 'no key'}`);
  }
  return key;
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export class UserTable {
  readonly #users = new Map<string, UserEntry>();

  constructor(users: readonly DeviceUser[]) {
    for (const user of users) {
      if (!/^[\w.@-]{1,64}$/.test(user.username)) {
        throw new InvalidArgumentError('username', `"${user.username}" is not a valid device user name`);
      }
      const privilege = user.privilege ?? 15;
      if (!Number.isInteger(privilege) || privilege < 0 || privilege > 15) {
        throw new InvalidArgumentError('privilege', `user "${user.username}": must be 0-15`);
      }
      if (user.password === undefined && (user.publicKeys?.length ?? 0) === 0) {
        throw new InvalidArgumentError('user', `"${user.username}" needs a password or a public key`);
      }
      this.#users.set(user.username, { user, keys: (user.publicKeys ?? []).map((k) => parsePublicKey(k, user.username)) });
    }
  }

  get users(): readonly DeviceUser[] {
    return [...this.#users.values()].map((e) => e.user);
  }

  privilegeOf(username: string): number {
    return this.#users.get(username)?.user.privilege ?? 15;
  }

  checkPassword(username: string, password: string): boolean {
    const expected = this.#users.get(username)?.user.password;
    return expected !== undefined && sameText(expected, password);
  }

  /** Whether `keyData` (SSH wire blob) is authorised for the user. */
  keyAllowed(username: string, algo: string, keyData: Buffer): ParsedKey | undefined {
    const entry = this.#users.get(username);
    return entry?.keys.find((k) => k.getPublicSSH().equals(keyData) && (k.type === algo || algo.startsWith('rsa-sha2') || algo === 'ssh-rsa'));
  }
}
