/**
 * Turns a captured show output into content lines: CRLF/CR line ends, trailing blanks and tabs, the echoed prompt
 * and command, the exec header noise (`Load for five secs`, `Time source is …`, `No time source, …`), the IOS-XR
 * exec timestamp line and a trailing bare prompt are recognised here once, so each parser sees only the output.
 * A device error (`% Invalid input detected …`) is reported, never parsed as content.
 */
import { parseDeviceTime, type DeviceTime } from './device-time.js';

export interface CaptureLine {
  /** 1-based line number in the original text. */
  readonly no: number;
  /** The line without its line end and trailing whitespace (leading whitespace kept). */
  readonly text: string;
  /** The line trimmed on both sides. */
  readonly body: string;
  /** Leading whitespace width (a tab counts as 8). */
  readonly indent: number;
}

export interface Capture {
  /** Content lines, blank ones left out. */
  readonly lines: readonly CaptureLine[];
  /** The command echoed at the top (`Router#show license all` or a bare `show license all`), without prompt. */
  readonly echo: string | null;
  /** The prompt hostname seen before the echo or at the end (`Router`, `RP/0/RP0/CPU0:ios`). */
  readonly prompt: string | null;
  /** Device clock when the output was printed (XR exec timestamp or the `Time source is` header). */
  readonly capturedAt: DeviceTime | null;
  /** A `% …` device error line (invalid input, incomplete or ambiguous command), if the device refused. */
  readonly deviceError: string | null;
}

/** A content line; `text` (with its indentation) is put together only when asked for. */
class Line implements CaptureLine {
  constructor(
    readonly no: number,
    readonly body: string,
    readonly indent: number,
    /** The leading whitespace as printed. */
    private readonly lead: string,
  ) {}

  get text(): string {
    return this.lead === '' ? this.body : this.lead + this.body;
  }

  toJSON(): { no: number; text: string; body: string; indent: number } {
    return { no: this.no, text: this.text, body: this.body, indent: this.indent };
  }
}

/** Indentation made of spaces only, shared between lines (most lines are indented that way). */
const SPACES: readonly string[] = Array.from({ length: 64 }, (_, i) => ' '.repeat(i));

const DOW3 = new Set(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun']);
/** IOS-XR exec timestamp (`Mon Jul  6 07:25:24.369 UTC`, 001:565); also found glued to an echo (004:490). */
const XR_TIMESTAMP = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}(?:\.\d{1,6})? [A-Za-z][\w+:-]*$/;
const XR_TIMESTAMP_TAIL = /((?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +\d{1,2} \d{2}:\d{2}:\d{2}\.\d{1,6} [A-Za-z][\w+:-]*)$/;
/** `Router#`, `Router>`, `RP/0/RP0/CPU0:ios#`, `c1000v-5(config)#` followed by an optional command. */
const PROMPT_ECHO = /^((?:[A-Z]+\/\d+\/\w+\/CPU\d+:)?[A-Za-z0-9][\w.-]{0,62}(?:\([\w.-]+\))?) ?[#>] ?(.*)$/;
const TIME_SOURCE = /^(?:Time source is [^,]*, |No time source, )(.*)$/;
const DEVICE_ERROR = /^% ?(?:Invalid input|Incomplete command|Ambiguous command|Unknown command|Invalid command|Bad command|Error|Command rejected|This command is not supported|Permission denied)/i;

/** Words a command echo starts with; a prompt-looking line followed by anything else is content. */
const ECHO_START = /^(?:do +)?sh(?:o(?:w)?)? /i;

/** Splits text into lines (CRLF, LF or lone CR), dropping trailing whitespace; blank lines become ''. */
export function splitLines(text: string): string[] {
  const parts = text.split('\n');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const cr = part.indexOf('\r');
    if (cr === -1 || cr === part.length - 1) {
      out.push(part.trimEnd());
    } else {
      for (const piece of part.split('\r')) out.push(piece.trimEnd());
      if (part.endsWith('\r')) out.pop();
    }
  }
  if (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

function isXrTimestamp(body: string): boolean {
  return body.length >= 24 && DOW3.has(body.slice(0, 3)) && XR_TIMESTAMP.test(body);
}

function stripEcho(command: string): { command: string; timestamp: string | null } {
  const m = XR_TIMESTAMP_TAIL.exec(command);
  if (m === null) return { command: command.trim(), timestamp: null };
  return { command: command.slice(0, m.index).trim(), timestamp: m[1]! };
}

/** Reads a captured output. Never throws: what is noise and what is content is decided here, meaning is not. */
export function readCapture(text: string): Capture {
  const lines: CaptureLine[] = [];
  let echo: string | null = null;
  let prompt: string | null = null;
  let capturedAt: DeviceTime | null = null;
  let deviceError: string | null = null;
  let sawContent = false;
  const n = text.length;
  let nextCr = text.indexOf('\r');
  let pos = 0;
  let no = 0;
  // One pass over the text: line ends are LF, CRLF or a lone CR; blank lines allocate nothing.
  while (pos < n) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = n;
    let end = nl;
    let next = nl + 1;
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    if (nextCr !== -1 && nextCr < nl) {
      end = nextCr;
      next = nextCr + 1 === nl ? nl + 1 : nextCr + 1;
    }
    no++;
    const start = pos;
    pos = next;
    while (end > start) {
      const d = text.charCodeAt(end - 1);
      if (d === 32 || d === 9 || d === 12 || d === 11 || d === 160 || d === 13) end--;
      else break;
    }
    let first = start;
    let indent = 0;
    let tabbed = false;
    while (first < end) {
      const c = text.charCodeAt(first);
      if (c === 32) indent += 1;
      else if (c === 9) {
        indent += 8;
        tabbed = true;
      } else break;
      first++;
    }
    if (first === end) continue;
    const body = text.slice(first, end);
    const c0 = body.charCodeAt(0);
    if (!sawContent) {
      // Header zone: echo, exec timestamp, Load/Time-source noise may come in any order before the output.
      if (c0 === 76 /* L */ && body.startsWith('Load for five secs')) continue;
      if (c0 === 84 /* T */ || c0 === 78 /* N */) {
        const ts = TIME_SOURCE.exec(body);
        if (ts !== null) {
          capturedAt = parseDeviceTime(ts[1]!) ?? capturedAt;
          continue;
        }
      }
      if (isXrTimestamp(body)) {
        capturedAt ??= parseDeviceTime(body);
        continue;
      }
      if (echo === null) {
        const pe = PROMPT_ECHO.exec(body);
        if (pe !== null && (pe[2] === '' || ECHO_START.test(pe[2]!))) {
          prompt = pe[1]!;
          if (pe[2] !== '') {
            const stripped = stripEcho(pe[2]!);
            echo = stripped.command;
            if (stripped.timestamp !== null) capturedAt ??= parseDeviceTime(stripped.timestamp);
          }
          continue;
        }
        if (ECHO_START.test(body) && !body.includes(':')) {
          const stripped = stripEcho(body);
          echo = stripped.command;
          if (stripped.timestamp !== null) capturedAt ??= parseDeviceTime(stripped.timestamp);
          continue;
        }
      }
      if (c0 === 37 /* % */ && DEVICE_ERROR.test(body)) {
        deviceError ??= body;
        continue;
      }
      if (body === '^') continue;
    } else if (c0 === 37 && deviceError === null && lines.length < 3 && DEVICE_ERROR.test(body)) {
      deviceError = body;
      continue;
    }
    sawContent = true;
    const leading = first - start;
    lines.push(new Line(no, body, indent, leading === 0 ? '' : !tabbed && leading < SPACES.length ? SPACES[leading]! : text.slice(start, first)));
  }
  // A bare prompt at the end (`c1000v-5#`) is the next prompt, not output.
  const last = lines[lines.length - 1];
  if (last !== undefined && last.indent === 0) {
    const pe = PROMPT_ECHO.exec(last.body);
    if (pe !== null && pe[2] === '' && (prompt === null || pe[1] === prompt || !last.body.includes(' '))) {
      lines.pop();
      prompt ??= pe[1]!;
    }
  }
  return { lines, echo, prompt, capturedAt, deviceError };
}
