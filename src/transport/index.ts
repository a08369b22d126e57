export { connectSsh, SshConnection, type SshConnectOptions, type ShellOptions } from './ssh.js';
export { ByteStreamSource, type ByteStream, type ByteStreamEnd } from './byte-stream.js';
export {
  verifyHostKey,
  validateHostKeyOptions,
  defaultKnownHostsFile,
  type HostKeyOptions,
  type HostKeyPolicy,
  type VerifiedHostKey,
} from './host-keys.js';
export {
  parseKnownHosts,
  lookupKnownHost,
  hostFieldMatches,
  knownHostName,
  formatKnownHostLine,
  readKnownHostsFile,
  type KnownHostEntry,
  type KnownHostVerdict,
} from './known-hosts.js';
export { fingerprintOf, normalizeFingerprint, keyTypeOf } from './fingerprint.js';
export type { AuthMethodName, SshCredentials } from './auth.js';
