/**
 * Where a command typed ahead was echoed at a prompt. When several lines are written in one go (the session setup
 * commands), IOS-XE and IOS-XR read each one only once the previous command has finished, and echo it right after
 * the prompt that ended the previous output: `terminal length 0\r\nRouter#terminal width 511\r\nRouter#`. A command
 * echoed that way proves every earlier one is done, which is what lets the reader wait for the last prompt only.
 */

/** Lines longer than this are not a prompt followed by an echo (hostnames are ≤ 63 characters). */
export const MAX_PROMPT_LINE = 1024;

/**
 * The index in `text` (from `from` on) where `command` starts on a line that begins with a prompt (the prompt
 * pattern anchored at the line's end, as the dialect's `promptAtEnd`), or -1. `textStartsLine` false: `text` is a
 * window that may begin inside a line, so a line without a break before it in `text` does not count.
 */
export function findEchoAtPrompt(text: string, command: string, promptAtEnd: RegExp, from = 0, textStartsLine = true): number {
  if (command.length === 0) return -1;
  for (let at = text.indexOf(command, from); at >= 0; at = text.indexOf(command, at + 1)) {
    const lineStart = Math.max(text.lastIndexOf('\n', at - 1), text.lastIndexOf('\r', at - 1)) + 1;
    if (at - lineStart > MAX_PROMPT_LINE || at === lineStart || (lineStart === 0 && !textStartsLine)) continue;
    if (promptAtEnd.test(text.slice(lineStart, at))) return at;
  }
  return -1;
}
