/** A `ByteStream` over one ssh2 session channel (a shell or a subsystem). */
import type { ClientChannel } from 'ssh2';
import { ClosedError, type SmartlicError } from '../errors.js';
import type { Logger } from '../log.js';
import { ByteStreamSource } from './byte-stream.js';

export interface SshChannelStreamOptions {
  readonly host: string;
  readonly label: string;
  readonly logger: Logger;
  /** Extended data (stderr) is merged into the stream for a shell and only logged for a subsystem. */
  readonly mergeStderr: boolean;
  /** Called on every byte in or out (the connection's idle timer). */
  readonly onActivity: () => void;
  /** Why the connection went away, if it did; consulted when the channel closes without a local close(). */
  readonly connectionError: () => SmartlicError | undefined;
}

export class SshChannelStream extends ByteStreamSource {
  readonly label: string;
  readonly #channel: ClientChannel;
  readonly #options: SshChannelStreamOptions;
  #closing = false;

  constructor(channel: ClientChannel, options: SshChannelStreamOptions) {
    super(options.host);
    this.label = options.label;
    this.#channel = channel;
    this.#options = options;
    channel.on('data', (chunk: Buffer) => {
      options.onActivity();
      this.pushData(chunk);
    });
    channel.stderr.on('data', (chunk: Buffer) => {
      options.onActivity();
      if (options.mergeStderr) this.pushData(chunk);
      else options.logger.debug({ host: options.host, stream: this.label, stderr: chunk.toString('utf8') }, 'ssh channel stderr');
    });
    channel.on('error', (error: Error) => {
      options.logger.debug({ host: options.host, stream: this.label, err: error }, 'ssh channel error');
    });
    channel.on('close', () => {
      if (this.#closing) {
        this.finish({ by: 'local' });
        return;
      }
      const cause = options.connectionError();
      this.finish(
        cause === undefined
          ? { by: 'remote', error: new ClosedError(options.host, `the device closed the ${this.label} channel`) }
          : { by: 'error', error: cause },
      );
    });
  }

  /** The connection is closing on purpose: report this stream's end as local. */
  markClosing(): void {
    this.#closing = true;
  }

  protected writeBytes(bytes: Buffer): void {
    this.#options.onActivity();
    this.#channel.write(bytes);
  }

  protected closeTransport(): void {
    this.#closing = true;
    try {
      this.#channel.end();
      this.#channel.close();
    } catch {
      // the connection is already gone; 'close' follows
    }
  }
}
