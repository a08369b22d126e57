/**
 * Structured logging (pino). Every string that reaches a log line passes through `redactText`, and `Secret`
 * values serialise as `***`, so a token that slipped into a message or a device transcript is still hidden.
 * Libraries take a `Logger` and default to `silentLogger`; the CLI decides where logs go.
 */
import { pino, destination as pinoDestination, stdTimeFunctions, type DestinationStream, type Level } from 'pino';
import { redactText } from './secret.js';

export type LogLevel = Level | 'silent';

export interface Logger {
  debug(obj: object, msg?: string): void;
  debug(msg: string): void;
  info(obj: object, msg?: string): void;
  info(msg: string): void;
  warn(obj: object, msg?: string): void;
  warn(msg: string): void;
  error(obj: object, msg?: string): void;
  error(msg: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (value instanceof Error) {
    return { name: value.name, message: redactText(value.message), code: (value as { code?: unknown }).code };
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return redactDeep((value as { toJSON(): unknown }).toJSON(), depth + 1);
  }
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

export interface LoggerOptions {
  readonly level?: LogLevel;
  /** Where lines go; defaults to stderr so stdout stays free for results and NDJSON. */
  readonly destination?: DestinationStream;
  readonly name?: string;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? pinoDestination({ fd: 2, sync: true });
  return pino(
    {
      level: options.level ?? 'info',
      ...(options.name === undefined ? {} : { name: options.name }),
      base: null,
      timestamp: stdTimeFunctions.isoTime,
      formatters: {
        log: (obj) => redactDeep(obj) as Record<string, unknown>,
        bindings: (bindings) => redactDeep(bindings) as Record<string, unknown>,
      },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as typeof args;
          method.apply(this, redacted);
        },
      },
    },
    destination,
  ) as unknown as Logger;
}

const noop = (): void => undefined;

export const silentLogger: Logger = {
  debug: noop,
  info: noop,
  warn: noop,
  error: noop,
  child: () => silentLogger,
};
