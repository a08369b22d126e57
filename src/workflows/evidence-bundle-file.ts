/** Writing an RMA evidence bundle to disk: the one side effect of the RMA workflow, kept at the edge. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { InvalidArgumentError } from '../errors.js';
import { redactJson } from './events.js';
import { RMA_EVIDENCE_FORMAT, type RmaEvidenceBundle } from './rma-evidence.js';

/**
 * Writes the bundle as indented JSON (secrets redacted, file mode 0600), through a temporary file renamed into
 * place so a reader never sees half a bundle. Resolves with the path written.
 */
export async function writeEvidenceBundle(path: string, bundle: RmaEvidenceBundle): Promise<string> {
  if (typeof path !== 'string' || path.trim() === '') throw new InvalidArgumentError('path', 'must be a file path');
  if (bundle?.format !== RMA_EVIDENCE_FORMAT) throw new InvalidArgumentError('bundle', `is not an RMA evidence bundle (format ${RMA_EVIDENCE_FORMAT})`);
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(redactJson(bundle), null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
  return path;
}
