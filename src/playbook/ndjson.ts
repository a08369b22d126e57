/** `smartlic run --json`: one playbook event per line (NDJSON), secrets redacted, for pipelines (`jq`, log shippers). */
import { redactValue } from './redact-value.js';
import type { PlaybookEvent } from './events.js';

export function toNdjsonLine(event: PlaybookEvent | Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify(redactValue(event))}\n`;
}
