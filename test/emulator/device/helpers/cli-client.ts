/**
 * A minimal interactive SSH client for emulator tests: opens a pty shell like the real clients do, sends
 * lines and waits for what the device prints next. Waits are bounded (generous timeouts), never timed
 * assertions.
 */
import ssh2 from 'ssh2';
import type { ClientChannel, ConnectConfig } from 'ssh2';

export const PROMPT_AT_END = /(?:^|\r\n)([\w/:.-]+(?:\([\w.-]+\))?[>#]) ?$/;

export interface ShellOptions {
  readonly username?: string;
  readonly password?: string;
  readonly privateKey?: string;
  readonly rows?: number;
  readonly cols?: number;
  readonly connect?: Partial<ConnectConfig>;
}

export class CliClient {
  buffer = '';
  /** Everything received, for golden transcripts. */
  transcript = '';
  #waiters: (() => void)[] = [];
  closed = false;

  constructor(
    readonly client: ssh2.Client,
    readonly stream: ClientChannel,
  ) {
    stream.on('data', (data: Buffer) => {
      const text = data.toString('utf8');
      this.buffer += text;
      this.transcript += text;
      for (const wake of this.#waiters.splice(0)) wake();
    });
    stream.on('close', () => {
      this.closed = true;
      for (const wake of this.#waiters.splice(0)) wake();
    });
  }

  /** Waits until the unread buffer matches `pattern`; returns and consumes everything up to the match end. */
  async waitFor(pattern: RegExp, timeoutMs = 15_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.buffer);
      if (m) {
        const end = m.index + m[0].length;
        const out = this.buffer.slice(0, end);
        this.buffer = this.buffer.slice(end);
        return out;
      }
      if (this.closed) throw new Error(`channel closed while waiting for ${pattern}; buffer ${JSON.stringify(this.buffer)}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${pattern}; buffer ${JSON.stringify(this.buffer)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the channel to close. */
  async waitClosed(timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for the channel to close');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  write(text: string): void {
    this.stream.write(text);
  }

  /** Sends a line and returns the raw text up to and including the next prompt. */
  async raw(line: string, terminator = '\r'): Promise<string> {
    this.write(`${line}${terminator}`);
    return this.waitFor(PROMPT_AT_END);
  }

  /**
   * Sends a line and returns the output between the echo and the next prompt, with `\r\n` turned into `\n`
   * (the echo line and the prompt removed).
   */
  async cmd(line: string, terminator = '\r'): Promise<string> {
    const raw = await this.raw(line, terminator);
    const text = raw.replace(/\r\n/g, '\n');
    const echoEnd = text.indexOf('\n');
    const body = echoEnd === -1 ? '' : text.slice(echoEnd + 1);
    return body.replace(PROMPT_AT_END_LF, '');
  }

  /** The prompt currently shown (after the last command). */
  async prompt(): Promise<string> {
    const raw = await this.raw('');
    return (PROMPT_AT_END.exec(raw)?.[1] ?? '').trim();
  }

  close(): void {
    this.client.end();
  }
}

const PROMPT_AT_END_LF = /[\w/:.-]+(?:\([\w.-]+\))?[>#] ?$/;

export async function connect(port: number, options: ShellOptions = {}): Promise<ssh2.Client> {
  const client = new ssh2.Client();
  // Connections dropped by the device (faults, close, refused auth) must not crash the test process.
  client.on('error', () => undefined);
  await new Promise<void>((resolve, reject) => {
    client.once('ready', () => resolve());
    client.once('error', reject);
    client.connect({
      host: '127.0.0.1',
      port,
      username: options.username ?? 'admin',
      ...(options.privateKey === undefined ? { password: options.password ?? 'admin' } : { privateKey: options.privateKey }),
      readyTimeout: 15_000,
      ...options.connect,
    });
  });
  return client;
}

export async function openShell(port: number, options: ShellOptions = {}): Promise<CliClient> {
  const client = await connect(port, options);
  const stream = await new Promise<ClientChannel>((resolve, reject) =>
    client.shell({ term: 'vt100', rows: options.rows ?? 24, cols: options.cols ?? 80 }, (err, s) => (err ? reject(err) : resolve(s))),
  );
  const cli = new CliClient(client, stream);
  await cli.waitFor(PROMPT_AT_END);
  return cli;
}

/** Runs one command over an `exec` channel and returns its output. */
export async function execCommand(port: number, command: string): Promise<string> {
  const client = await connect(port);
  try {
    return await new Promise<string>((resolve, reject) => {
      client.exec(command, (err, stream) => {
        if (err) return reject(err);
        let out = '';
        stream.on('data', (d: Buffer) => (out += d.toString()));
        stream.on('close', () => resolve(out));
      });
    });
  } finally {
    client.end();
  }
}
