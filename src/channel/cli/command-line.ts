/**
 * Pure checks on what is typed into a CLI session, before anything is sent. A newline would run a second command,
 * `?` makes IOS print help instead of running the line, control characters edit the line (Ctrl-U, Ctrl-Z) and TAB
 * completes a word (the device would run a command nobody wrote). IOS reads its command line as ASCII: a
 * non-ASCII character (a look-alike `？`, a zero-width space, U+2028) is refused rather than sent.
 */
import { InvalidArgumentError } from '../../errors.js';
import { isSecret, type Secret } from '../../secret.js';

/** IOS reads lines up to a few KB; anything longer is a mistake. */
const MAX_LINE = 4096;

export function validateCommandLine(command: unknown, what: string, host: string | undefined): string {
  const opts = host === undefined ? {} : { host };
  if (typeof command !== 'string') throw new InvalidArgumentError(what, `must be a string, got ${typeof command}`, opts);
  if (/[\r\n]/.test(command)) throw new InvalidArgumentError(what, 'contains a line break (send one line at a time)', opts);
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(command)) throw new InvalidArgumentError(what, 'contains a control character', opts);
  if (/[^\x20-\x7e]/.test(command)) throw new InvalidArgumentError(what, 'contains a character outside printable ASCII', opts);
  if (command.includes('?')) throw new InvalidArgumentError(what, 'contains "?", which the device reads as a help request', opts);
  if (command.length > MAX_LINE) throw new InvalidArgumentError(what, `is longer than ${MAX_LINE} characters`, opts);
  return command;
}

/** Answers may span lines (a PEM paste) but carry no other control characters. */
export function validateAnswer(answer: string | Secret, what: string, host: string | undefined): void {
  const text = isSecret(answer) ? answer.reveal() : answer;
  if (typeof text !== 'string') throw new InvalidArgumentError(what, 'must be a string or a Secret', host === undefined ? {} : { host });
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(text.replace(/\r?\n/g, ''))) {
    throw new InvalidArgumentError(what, 'contains a control character', host === undefined ? {} : { host });
  }
  if (/[^\x20-\x7e\r\n]/.test(text)) throw new InvalidArgumentError(what, 'contains a character outside printable ASCII', host === undefined ? {} : { host });
}
