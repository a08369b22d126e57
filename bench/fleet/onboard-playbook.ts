/**
 * The onboarding the fleet and scale benchmarks run: playbooks/onboard.json as shipped (pre-flight, the DNS and
 * call-home intent, register, wait until authorized, verify; then the licensing state and its verification),
 * with the poll interval set for emulated devices, which register within milliseconds (as `smartlic demo` does).
 * Its intent, with the playbook's vars substituted, is also what the Ansible playbook and the SDK run configure.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ONBOARD_PLAYBOOK = fileURLToPath(new URL('../../playbooks/onboard.json', import.meta.url));
/** Between status reads while a device registers: the emulated devices answer at once (smartlic demo polls at 250 ms). */
export const BENCH_POLL_INTERVAL = '250ms';
export const BENCH_POLL_INTERVAL_MS = 250;

interface OnboardDocument {
  readonly vars?: Record<string, unknown>;
  readonly tasks: readonly Record<string, unknown>[];
}

export function readOnboardPlaybook(file = ONBOARD_PLAYBOOK): OnboardDocument {
  const doc = JSON.parse(readFileSync(file, 'utf8')) as OnboardDocument;
  if (!Array.isArray(doc.tasks) || onboardParams(doc) === undefined) throw new Error(`${file}: no "onboard" task`);
  return doc;
}

function onboardParams(doc: OnboardDocument): Record<string, unknown> | undefined {
  const task = doc.tasks.find((t) => typeof t['onboard'] === 'object' && t['onboard'] !== null);
  return task?.['onboard'] as Record<string, unknown> | undefined;
}

/** Replaces whole-value templates (`"{{ name }}"`) with the playbook's vars; any other template is refused. */
function substitute(value: unknown, vars: Readonly<Record<string, unknown>>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{\s*([A-Za-z_]\w*)\s*\}\}$/.exec(value);
    if (whole !== null) {
      if (!(whole[1]! in vars)) throw new Error(`the onboard intent uses the undefined var "${whole[1]!}"`);
      return vars[whole[1]!];
    }
    if (value.includes('{{')) throw new Error(`the onboard intent has a template the bench cannot resolve: ${value}`);
    return value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}

/** The onboard task's configuration intent, vars substituted. */
export function onboardIntent(doc: OnboardDocument): Record<string, unknown> {
  const intent = onboardParams(doc)?.['intent'];
  if (intent === undefined) throw new Error('the onboard task has no intent');
  return substitute(intent, doc.vars ?? {}) as Record<string, unknown>;
}

/** A copy whose onboard task polls every `interval` (a playbook duration). */
export function withPollInterval(doc: OnboardDocument, interval: string): OnboardDocument {
  return {
    ...doc,
    tasks: doc.tasks.map((t) => (typeof t['onboard'] === 'object' && t['onboard'] !== null ? { ...t, onboard: { ...(t['onboard'] as object), pollInterval: interval } } : t)),
  };
}
