/**
 * A CLI session with one device: the SDK's first facade. It owns the SSH connection (when there is one) and the CLI
 * channel over it, and delegates every command to the channel.
 */
import type { CliChannel } from '../channel/cli/cli-channel.js';
import type { CliMode, CommandResult, ConfigLine, ConfigOptions, ConfigResult, SendOptions } from '../channel/cli/types.js';
import type { Logger } from '../log.js';
import type { Dialect, PlatformId } from '../platforms/types.js';
import type { VerifiedHostKey } from '../transport/host-keys.js';
import type { SshConnection } from '../transport/ssh.js';

export class Session {
  /** The target's inventory name, or its address. Errors and logs use it. */
  readonly host: string;
  /** How the SSH host key was verified; null over an injected stream. */
  readonly hostKey: VerifiedHostKey | null;
  readonly #channel: CliChannel;
  readonly #connection: SshConnection | null;
  readonly #logger: Logger;
  #closing: Promise<void> | null = null;

  /** @internal Built by `connect`. */
  constructor(init: { host: string; channel: CliChannel; connection: SshConnection | null; logger: Logger }) {
    this.host = init.host;
    this.#channel = init.channel;
    this.#connection = init.connection;
    this.hostKey = init.connection?.hostKey ?? null;
    this.#logger = init.logger;
  }

  get platform(): PlatformId {
    return this.#channel.platform;
  }

  get dialect(): Dialect {
    return this.#channel.dialect;
  }

  /** The device's hostname as its prompt shows it. */
  get hostname(): string {
    return this.#channel.hostname;
  }

  get prompt(): string {
    return this.#channel.prompt;
  }

  get mode(): CliMode {
    return this.#channel.mode;
  }

  get closed(): boolean {
    return this.#closing !== null || this.#channel.closed;
  }

  /** Runs one command (see `CliChannel.send`). */
  send(command: string, options?: SendOptions): Promise<CommandResult> {
    return this.#channel.send(command, options);
  }

  /** Runs one configuration transaction (see `CliChannel.sendConfig`). */
  sendConfig(lines: readonly ConfigLine[], options?: ConfigOptions): Promise<ConfigResult> {
    return this.#channel.sendConfig(lines, options);
  }

  /** IOS-XR: confirms a `commit confirmed`. */
  confirmCommit(options?: { readonly timeoutMs?: number }): Promise<CommandResult> {
    return this.#channel.confirmCommit(options);
  }

  /** Closes the shell and the connection. Safe to call more than once. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      // Closing the connection closes the shell with it, without waiting for the device to acknowledge the channel.
      if (this.#connection !== null) await this.#connection.close();
      else await this.#channel.close();
      this.#logger.debug({ host: this.host }, 'session closed');
    })();
    return this.#closing;
  }
}
