/**
 * Pure: from what the device sent for one command (echo, output, prompt) to the output a caller wants.
 * Real terminals add noise: `\r\n` or `\r\r\n` line ends, a lone `\r` when a long echo wraps, ANSI erase
 * sequences, and the pager's `--More--` erased with backspaces.
 */
import type { Dialect } from '../../platforms/types.js';

export interface ExtractedOutput {
  readonly output: string;
  /** The IOS-XR timestamp line removed from the top of the output, or null. */
  readonly timestamp: string | null;
  /** Whether the command's echo was found and removed. */
  readonly echoFound: boolean;
}

// CSI sequences (ESC [ … final byte) and two-byte ESC sequences.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-Z\\-_]/g;
// `--More--` (or ` --More-- `) followed by the backspaces/spaces a device prints to erase it.
const PAGER_RESIDUE = / ?--More-- ?(?:[\b]+ *[\b]*| *\r(?!\n))?/g;
// Other control characters except tab and line feed.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/g;

/** Line ends to `\n`, lone `\r` to `\n`, ANSI and pager residue and stray control characters removed. */
export function normalizeTerminalText(raw: string): string {
  return raw
    .replace(ANSI, '')
    .replace(PAGER_RESIDUE, '')
    .replace(/\r+\n|\n\r/g, '\n')
    .replace(/\r/g, '\n')
    .replace(CONTROL, '');
}

/** Where the echoed command ends (the index after its line break), tolerating line breaks inserted by wrapping. */
function echoEnd(text: string, command: string, from: number): number {
  let i = from;
  let j = 0;
  while (j < command.length && i < text.length) {
    if (text[i] === command[j]) {
      i++;
      j++;
    } else if (text[i] === '\n' && j > 0) {
      i++; // the echo wrapped here
    } else if (text[i] === ' ' && text[i + 1] === '\n' && j > 0) {
      i += 2; // a terminal that wraps with " \r"
    } else {
      return -1;
    }
  }
  if (j < command.length) return -1;
  // The rest of the echo line (some devices echo trailing spaces), up to and including the break.
  const nl = text.indexOf('\n', i);
  if (nl < 0) return text.length;
  return text.slice(i, nl).trim() === '' ? nl + 1 : -1;
}

/**
 * Where the echo ends: at the start, or further down the first few KB when stray bytes came first (a late
 * prompt, or the space that followed the previous prompt: `Router#show version`, ` show version`).
 */
function findEcho(text: string, command: string): number {
  if (command.length === 0) return text.startsWith('\n') ? 1 : -1;
  const at = echoEnd(text, command, 0);
  if (at >= 0) return at;
  const head = command.slice(0, Math.min(command.length, 24));
  const limit = Math.min(text.length, 8192);
  for (let lineStart = 0; lineStart < limit; ) {
    const lineEnd = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
    for (let inLine = line.indexOf(head); inLine >= 0; inLine = line.indexOf(head, inLine + 1)) {
      const end = echoEnd(text, command, lineStart + inLine);
      if (end >= 0) return end;
    }
    if (lineEnd < 0) break;
    lineStart = lineEnd + 1;
  }
  return -1;
}

export function extractOutput(raw: string, command: string | null, dialect: Pick<Dialect, 'execTimestamp'>): ExtractedOutput {
  let text = normalizeTerminalText(raw);

  // The prompt is the last line: drop it.
  const lastBreak = text.lastIndexOf('\n');
  text = lastBreak >= 0 ? text.slice(0, lastBreak + 1) : '';

  let echoFound = false;
  if (command !== null) {
    const end = findEcho(text, command);
    if (end >= 0) {
      text = text.slice(end);
      echoFound = true;
    }
  }

  // Blank lines before the output carry nothing.
  text = text.replace(/^(?:[ \t]*\n)+/, '');

  let timestamp: string | null = null;
  if (dialect.execTimestamp !== null) {
    const nl = text.indexOf('\n');
    const first = (nl < 0 ? text : text.slice(0, nl)).trim();
    if (dialect.execTimestamp.test(first)) {
      timestamp = first;
      text = nl < 0 ? '' : text.slice(nl + 1).replace(/^(?:[ \t]*\n)+/, '');
    }
  }

  return { output: text.replace(/\s+$/, ''), timestamp, echoFound };
}
