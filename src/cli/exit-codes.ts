/** Process exit codes of the `smartlic` command line (documented in the README and `smartlic --help`). */
export const ExitCode = {
  /** Everything asked for succeeded. */
  ok: 0,
  /** The input was fine but one or more hosts failed (the report says which and why). */
  hostFailed: 1,
  /** Bad input: usage, playbook, inventory, intent or missing secret. Nothing was sent to any device. */
  badInput: 2,
  /** An unexpected internal error (a bug): please report it with the message printed. */
  internal: 3,
  /** Interrupted by SIGINT / SIGTERM; sessions were closed. */
  interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
