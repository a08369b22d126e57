/**
 * Maps what ssh2 and the socket report into smartlic's transport errors. ssh2 tags its errors with `level`
 * (`client-socket`, `client-timeout`, `client-authentication`, `protocol`, `handshake`, `agent`) and socket
 * errors carry errno codes.
 */
import {
  AuthError,
  ClosedError,
  ConnectError,
  TimeoutError,
  type SmartlicError,
} from '../errors.js';

export interface SshErrorContext {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  /** `connecting` until the SSH handshake is done, `authenticating` until ready, then `ready`. */
  readonly phase: 'connecting' | 'authenticating' | 'ready';
  readonly methodsTried: readonly string[];
  readonly connectTimeoutMs: number;
  readonly keepaliveMs: number;
}

type Ssh2Error = Error & { level?: string; code?: string | number };

const SOCKET_DETAIL: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found (DNS)',
  EAI_AGAIN: 'host name lookup failed (DNS temporarily unavailable)',
  EAI_NODATA: 'host name has no address (DNS)',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EHOSTDOWN: 'host is down',
  ECONNRESET: 'connection reset by peer',
  EPIPE: 'connection broken',
  EADDRNOTAVAIL: 'address not available',
};

export function classifySshError(error: unknown, ctx: SshErrorContext): SmartlicError {
  const err = (error instanceof Error ? error : new Error(String(error))) as Ssh2Error;
  const code = typeof err.code === 'string' ? err.code : undefined;

  if (ctx.phase === 'ready') {
    if (err.level === 'client-timeout') {
      return new TimeoutError('SSH keepalive (no answer from the device)', ctx.keepaliveMs, { host: ctx.host, cause: err });
    }
    return new ClosedError(ctx.host, `connection lost: ${code ? (SOCKET_DETAIL[code] ?? code) : err.message}`, err);
  }

  if (err.level === 'client-timeout' || code === 'ETIMEDOUT') {
    const operation = ctx.phase === 'authenticating' ? 'SSH authentication' : 'SSH connect';
    return new TimeoutError(`${operation} to ${ctx.host}:${ctx.port}`, ctx.connectTimeoutMs, { host: ctx.host, cause: err });
  }
  if (err.level === 'client-authentication') {
    return new AuthError(ctx.host, ctx.username, ctx.methodsTried, err);
  }
  if (ctx.phase === 'authenticating') {
    // Devices commonly drop the connection after too many failed attempts instead of answering.
    if (ctx.methodsTried.length > 0) return new AuthError(ctx.host, ctx.username, ctx.methodsTried, err);
    return new ClosedError(ctx.host, `connection closed during authentication: ${err.message}`, err);
  }
  if (code !== undefined && SOCKET_DETAIL[code] !== undefined) {
    return new ConnectError(ctx.host, ctx.port, SOCKET_DETAIL[code], err);
  }
  if (err.level === 'protocol' && /before handshake/i.test(err.message)) {
    return new ConnectError(ctx.host, ctx.port, 'connection closed before the SSH handshake (is this an SSH server?)', err);
  }
  if (err.level === 'handshake' || err.level === 'protocol') {
    return new ConnectError(ctx.host, ctx.port, `SSH handshake failed: ${err.message}`, err);
  }
  return new ConnectError(ctx.host, ctx.port, err.message, err);
}
