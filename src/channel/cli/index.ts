export { CliChannel, type CliChannelOptions } from './cli-channel.js';
export type {
  CommandResult,
  ConfigLine,
  ConfigLineSpec,
  ConfigOptions,
  ConfigResult,
  CliMode,
  ExpectAnswer,
  SendOptions,
} from './types.js';
export { extractOutput, normalizeTerminalText, type ExtractedOutput } from './command-output.js';
export { findDeviceFailure, type DeviceFailure } from './device-failure.js';
export { renderCommitCommand } from './commit-command.js';
export { validateCommandLine } from './command-line.js';
export { ScriptedStream, type TranscriptStep, type ScriptedStreamOptions } from './scripted-stream.js';
