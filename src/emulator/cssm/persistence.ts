/**
 * Optional persistence of the CSSM emulator's state to one JSON file: read at start (when it exists), written
 * after every change (write to a temporary file, then rename, so a crash never leaves half a file).
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidArgumentError } from '../../errors.js';
import type { CssmState } from './model.js';

/** The saved state, or undefined when the file does not exist yet. */
export function loadState(file: string): CssmState | undefined {
  if (!existsSync(file)) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InvalidArgumentError('persistPath', `${file} is not valid JSON: ${(error as Error).message}`);
  }
  const s = data as Partial<CssmState> | null;
  const issues: string[] = [];
  if (s === null || typeof s !== 'object') issues.push('not an object');
  else {
    if (s.version !== 1) issues.push(`version must be 1, got ${String(s.version)}`);
    for (const key of ['smartAccounts', 'tokens', 'productInstances'] as const) if (!Array.isArray(s[key])) issues.push(`${key} must be an array`);
    if (!Number.isInteger(s.nextCertSerial)) issues.push('nextCertSerial must be an integer');
    if (Array.isArray(s.smartAccounts) && s.smartAccounts.length === 0) issues.push('smartAccounts is empty');
  }
  if (issues.length > 0) {
    throw new InvalidArgumentError('persistPath', `${file} is not a CSSM emulator state file: ${issues.join('; ')}`);
  }
  return s as CssmState;
}

export function saveState(file: string, state: CssmState): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
