/** NETCONF framing (RFC 6242) over any duplex byte stream. */
export { EomDecoder, encodeEom, EOM_DELIMITER } from './eom.js';
export { ChunkedDecoder, encodeChunked, DEFAULT_CHUNK_BYTES } from './chunked.js';
export { DEFAULT_MAX_MESSAGE_BYTES, type FrameDecoder, type Framing } from './frame-decoder.js';
export {
  NetconfMessageChannel,
  type NetconfByteStream,
  type DuplexByteStream,
  type ListenerByteStream,
  type MessageChannelHandlers,
  type MessageChannelOptions,
} from './message-channel.js';
export { openNetconfSubsystem, type NetconfSubsystemTarget } from './ssh.js';
