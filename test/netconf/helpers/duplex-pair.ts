/**
 * Two connected in-memory duplex streams: bytes written to one are read from the other. Ending one side ends the
 * other's readable side; destroying one side closes both, like an SSH channel being torn down.
 */
import { Duplex } from 'node:stream';

export interface DuplexPair {
  readonly client: Duplex;
  readonly server: Duplex;
  /** Every chunk written by each side, in order (for assertions on framing). */
  readonly written: { readonly client: Buffer[]; readonly server: Buffer[] };
}

export function createDuplexPair(): DuplexPair {
  const written = { client: [] as Buffer[], server: [] as Buffer[] };
  const sides: { client?: Duplex; server?: Duplex } = {};
  const make = (self: 'client' | 'server', peer: 'client' | 'server'): Duplex =>
    new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        written[self].push(Buffer.from(chunk));
        const other = sides[peer];
        if (other && !other.destroyed) other.push(chunk);
        callback();
      },
      final(callback) {
        const other = sides[peer];
        if (other && !other.destroyed) other.push(null);
        callback();
      },
      destroy(error, callback) {
        const other = sides[peer];
        if (other && !other.destroyed) other.destroy();
        callback(error);
      },
    });
  sides.client = make('client', 'server');
  sides.server = make('server', 'client');
  return { client: sides.client, server: sides.server, written };
}
