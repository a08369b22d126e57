/**
 * Formats, not files: every corpus case and seed fixture is re-parsed after the capture hazards real sessions add
 * (CRLF, a prompt and command echo, the IOS-XR timestamp line, exec-header noise, trailing blanks and tabs,
 * extra blank lines, no final newline, a trailing prompt) and must give the same facts.
 */
import t from 'tap';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../../src/parsers/capture.js';
import { parse } from '../../src/parsers/parse.js';
import { corpusFacts } from './helpers/corpus-facts.js';

interface Sample {
  name: string;
  command: string;
  text: string;
}

const samples: Sample[] = [];
const SEEDS = fileURLToPath(new URL('./fixtures/seeds/', import.meta.url));
for (const f of JSON.parse(readFileSync(join(SEEDS, 'seeds.json'), 'utf8')) as Array<{ file: string; command: string }>) {
  if (f.command.startsWith('show controllers')) continue;
  samples.push({ name: f.file, command: f.command, text: readFileSync(join(SEEDS, f.file), 'utf8') });
}
const CORPUS = process.env['SMARTLIC_CORPUS'] ?? fileURLToPath(new URL('../../../shared/corpus/', import.meta.url));
if (existsSync(join(CORPUS, 'cases.json'))) {
  const cases = JSON.parse(readFileSync(join(CORPUS, 'cases.json'), 'utf8')) as Array<{ file: string; command: string; negative?: boolean }>;
  for (const c of cases) if (c.negative !== true) samples.push({ name: c.file, command: c.command, text: readFileSync(join(CORPUS, c.file), 'utf8') });
}

const lines = (text: string): string[] => text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');

/** Hazards marked `true` add an echo, so they apply only to captures that have none yet. */
const HAZARDS: Array<[string, (text: string, command: string) => string, boolean?]> = [
  ['CRLF line ends', (text) => lines(text).join('\r\n') + '\r\n'],
  ['no final newline', (text) => lines(text).join('\n')],
  ['IOS-XE prompt, echo and trailing prompt', (text, command) => `Router#${command}\n${lines(text).join('\n')}\nRouter#`, true],
  ['IOS-XR prompt, echo and exec timestamp', (text, command) => `RP/0/RP0/CPU0:ios#${command}\nTue Jul  2 13:13:37.123 UTC\n${lines(text).join('\n')}\nRP/0/RP0/CPU0:ios#`, true],
  ['bare command echo', (text, command) => `${command}\n${text}`, true],
  ['exec header noise', (text) => `Load for five secs: 1%/0%; one minute: 0%; five minutes: 0%\nTime source is NTP, .15:09:55.102 UTC Wed Nov 10 2021\n\n${text}`],
  ['trailing spaces and tabs', (text) => lines(text).map((l) => `${l}  \t `).join('\n')],
  ['extra blank and whitespace-only lines', (text) => `\n \n${lines(text).join('\n\n')}\n \n\n`],
];

for (const sample of samples) {
  t.test(sample.name, async (t) => {
    const base = parse(sample.command, sample.text);
    const facts = corpusFacts(base);
    const echoed = readCapture(sample.text).echo !== null;
    for (const [hazard, apply, addsEcho] of HAZARDS) {
      if (addsEcho === true && echoed) continue;
      const mutated = parse(sample.command, apply(sample.text, sample.command.split('|')[0]!.trim()));
      t.same(corpusFacts(mutated), facts, hazard);
      t.equal(mutated.unparsed.length, base.unparsed.length, `${hazard}: unparsed lines`);
    }
  });
}
