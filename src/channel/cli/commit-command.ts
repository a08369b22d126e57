/**
 * Pure: the IOS-XR commit line for the options given. The comment goes last because it takes the rest of the line
 * (the order cisco.iosxr's cliconf uses: `commit confirmed 50 label L comment some text`).
 */
import { InvalidArgumentError } from '../../errors.js';
import type { Dialect } from '../../platforms/types.js';
import type { ConfigOptions } from './types.js';

const LABEL = /^[A-Za-z][\w-]{0,59}$/;
const COMMENT_MAX = 60;

export function renderCommitCommand(
  dialect: Pick<Dialect, 'id' | 'config'>,
  options: Pick<ConfigOptions, 'comment' | 'label' | 'confirmed'>,
  host?: string,
): string {
  const opts = host === undefined ? {} : { host };
  const commit = dialect.config.commit;
  if (commit === null) {
    for (const key of ['comment', 'label', 'confirmed'] as const) {
      if (options[key] !== undefined) {
        throw new InvalidArgumentError(key, `${dialect.id} applies each line as it is typed; commit options are for platforms with a commit (IOS-XR)`, opts);
      }
    }
    throw new InvalidArgumentError('commit', `${dialect.id} has no commit command`, opts);
  }
  let line = commit;
  if (options.confirmed !== undefined) {
    if (!Number.isInteger(options.confirmed) || options.confirmed < 30 || options.confirmed > 65535) {
      throw new InvalidArgumentError('confirmed', `must be a whole number of seconds from 30 to 65535, got ${String(options.confirmed)}`, opts);
    }
    line += ` confirmed ${options.confirmed}`;
  }
  if (options.label !== undefined) {
    if (!LABEL.test(options.label)) {
      throw new InvalidArgumentError('label', `${JSON.stringify(options.label)} must start with a letter and hold only letters, digits, "_" or "-" (up to 60)`, opts);
    }
    line += ` label ${options.label}`;
  }
  if (options.comment !== undefined) {
    const comment = options.comment;
    // eslint-disable-next-line no-control-regex
    if (comment.trim() !== comment || comment.length === 0 || comment.length > COMMENT_MAX || /[\x00-\x1f\x7f?]/.test(comment)) {
      throw new InvalidArgumentError('comment', `must be 1-${COMMENT_MAX} printable characters without "?" or surrounding spaces`, opts);
    }
    line += ` comment ${comment}`;
  }
  return line;
}
