/**
 * Conformance over shared/corpus (napalm mocked_data style): every case in cases.json is parsed with the
 * dispatcher and every expected fact is checked; negative cases must be refused (`ParseError`) or report no
 * Smart Licensing fact. Cases are read at run time, so a case added to the folder is tested without code changes.
 * `SMARTLIC_CORPUS` overrides the folder.
 */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ParseError } from '../../src/errors.js';
import { parse } from '../../src/parsers/parse.js';
import type { ParsePlatform, ParseResult } from '../../src/parsers/types.js';
import { corpusFacts, mismatches, SMART_LICENSING_KEYS } from './helpers/corpus-facts.js';

interface CorpusCase {
  file: string;
  platform: string;
  command: string;
  scope: 'core' | 'extra';
  negative?: boolean;
  traits?: string[];
  notes?: string;
  expect: Record<string, unknown>;
}

const CORPUS = process.env['SMARTLIC_CORPUS'] ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
const PLATFORMS: Readonly<Record<string, ParsePlatform>> = { iosxe: 'ios-xe', iosxr: 'ios-xr', asa: 'asa', nxos: 'nx-os' };
/** The issue's "sections that matter": unparsed lines there are reported. */
const KEY_SECTIONS = new Set(['Registration', 'License Authorization', 'License Usage', 'Product Information', 'HA UDI List', 'Transport', 'Account Information', 'Smart Licensing Using Policy', 'Usage Reporting']);

const casesFile = join(CORPUS, 'cases.json');
if (!existsSync(casesFile)) {
  t.fail(`corpus not found at ${CORPUS} (set SMARTLIC_CORPUS)`);
} else {
  const cases = JSON.parse(readFileSync(casesFile, 'utf8')) as CorpusCase[];
  t.ok(cases.length > 0, `${cases.length} corpus cases`);
  for (const c of cases) {
    t.test(`${c.file} (${c.command})`, async (t) => {
      const text = readFileSync(join(CORPUS, c.file), 'utf8');
      const platform = PLATFORMS[c.platform];
      const options = platform === undefined ? {} : { platform };
      let result: ParseResult;
      try {
        result = parse(c.command, text, options);
      } catch (error) {
        if (c.negative === true && error instanceof ParseError) {
          t.equal(error.code, 'E_PARSE');
          t.match(error.message, c.command.split(' ')[0]!, 'the error names the command');
          return;
        }
        throw error;
      }
      const facts = corpusFacts(result);
      if (c.negative === true) {
        const found = SMART_LICENSING_KEYS.filter((k) => facts[k] !== undefined && !(Array.isArray(facts[k]) && (facts[k] as unknown[]).length === 0));
        t.same(found, [], 'a negative case reports no Smart Licensing facts');
        return;
      }
      const diff = mismatches(facts, c.expect);
      t.same(diff, [], `every expected field matches (${Object.keys(c.expect).length} keys)`);
      // Lines not understood are kept, not failed on: a capture from another release may print a key this
      // version does not model. They are listed so that a new format is noticed.
      const leftovers = result.unparsed.filter((u) => u.section !== null && KEY_SECTIONS.has(u.section));
      if (leftovers.length > 0) t.comment(`unparsed in key sections: ${leftovers.map((u) => `${u.line}: ${u.text.trim()}`).join(' | ')}`);
    });
  }
}
