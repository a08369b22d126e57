/**
 * Options every parser takes, and the checks every parser makes before reading: the device refused the command
 * (`% Invalid input detected …`), the output is empty, or the echoed command is another command than the one
 * being parsed. Each failure is a `ParseError` naming the command.
 */
import { ParseError } from '../errors.js';
import { readCapture, type Capture } from './capture.js';
import { findCommand, type CommandKey } from './command.js';
import type { DeviceTimeOptions } from './device-time.js';
import type { ParsePlatform } from './types.js';

export interface ParseOptions extends DeviceTimeOptions {
  /** Where the output came from; recorded in the result (formats are detected from the text). */
  readonly platform?: ParsePlatform;
  /** The command as typed, used in error messages (defaults to the canonical command). */
  readonly command?: string;
}

export interface PreparedOutput {
  readonly capture: Capture;
  /** The command as the caller typed it, for messages. */
  readonly command: string;
  /** The command spelled out (`show call-home profile CiscoTAC-1`), for results. */
  readonly canonical: string;
  readonly platform: ParsePlatform | null;
}

/**
 * Reads the capture and refuses what is not this command's output. `keys` are the command keys whose output
 * this parser accepts (an echo of any of them is fine).
 */
export function prepareOutput(
  text: string,
  canonical: string,
  keys: readonly CommandKey[],
  options: ParseOptions | undefined,
  allowEmpty = false,
): PreparedOutput {
  const command = options?.command ?? canonical;
  let spelled = canonical;
  if (options?.command !== undefined) {
    const typed = typeof options.command === 'string' ? findCommand(options.command) : null;
    if (typed !== null && keys.includes(typed.key)) spelled = typed.canonical;
  }
  if (typeof text !== 'string') throw new ParseError(command, 'output must be a string');
  const capture = readCapture(text);
  if (capture.deviceError !== null) {
    throw new ParseError(command, `the device rejected the command: ${capture.deviceError}`, capture.deviceError);
  }
  if (capture.echo !== null) {
    const echoed = findCommand(capture.echo)?.key ?? null;
    if (echoed !== null && !keys.includes(echoed)) {
      throw new ParseError(command, `the output is from another command ("${capture.echo}")`, capture.echo);
    }
  }
  if (!allowEmpty && capture.lines.length === 0) throw new ParseError(command, 'the output is empty');
  return { capture, command, canonical: spelled, platform: options?.platform ?? null };
}

/** The first content lines, for error excerpts. */
export function excerptOf(capture: Capture): string {
  return capture.lines
    .slice(0, 2)
    .map((l) => l.body)
    .join(' | ');
}
