/**
 * What a playbook's `show` task may type on a device: one line, no `?` or control characters (the channel's
 * own rules), starting with `show` (or `sh` / `sho`), and piped only through output filters. Pipes that write
 * files (`| redirect`, `| tee`, `| append`, XR `| file`, `| save`) are refused: a `show` task reads, never writes.
 * The command's words (before the first `|`) are keywords, names, interfaces and addresses; `;`, `&`, quotes, `<`
 * or `\` there are no part of any show command and are refused. A filter's regular expression may hold any printable
 * character but `?`.
 */
import { validateCommandLine } from '../../channel/cli/command-line.js';
import { InvalidArgumentError } from '../../errors.js';

const FILTERS = ['include', 'exclude', 'begin', 'section', 'count'];

/** The reason a show command is refused, or null when it is fine. */
export function showCommandProblem(command: string): string | null {
  try {
    validateCommandLine(command, 'show command', undefined);
  } catch (error) {
    if (error instanceof InvalidArgumentError) return error.message.replace(/^invalid show command: /, '');
    throw error;
  }
  const [head, ...pipes] = command.split('|');
  const words = (head as string).trim().split(/\s+/);
  const verb = (words[0] ?? '').toLowerCase();
  if (verb.length < 2 || !'show'.startsWith(verb)) return 'must start with "show"';
  if (words.length < 2) return 'names no show command (e.g. "show license status")';
  const odd = words.find((w) => !/^[A-Za-z0-9._:/,-]+$/.test(w));
  if (odd !== undefined) return `has "${odd}": a show command's words hold only letters, digits and . _ : / , -`;
  for (const pipe of pipes) {
    const filter = (pipe.trim().split(/\s+/)[0] ?? '').toLowerCase();
    if (filter === '' || !FILTERS.some((f) => f.startsWith(filter))) {
      return `"| ${filter}" is not allowed; a show task may filter its output with | ${FILTERS.join(', | ')}`;
    }
  }
  return null;
}
