/**
 * The playbook file as written (schemas/playbook.schema.json describes every field):
 *
 *   {
 *     "name": "Onboard the cBR-8s",
 *     "hosts": "cbr8,!cbr8-lab",
 *     "serial": "50%",
 *     "vars": { "smart_token": { "$env": "SMARTLIC_TOKEN" } },
 *     "tasks": [
 *       { "name": "licensing config", "configure": { "intent": "{{ site_intent }}" } },
 *       { "register": { "token": "{{ smart_token }}" }, "when": "host.platform == 'ios-xe'" },
 *       { "wait": { "task": { "status": {} }, "until": "result.value.registration.status == 'registered'", "timeout": "10m" } },
 *       { "status": {}, "registerAs": "st" },
 *       { "verify": { "that": [{ "path": "st.value.authorization.status", "equals": "authorized" }] } }
 *     ]
 *   }
 */
import type { Expr } from './expression.js';

export interface PlaybookDocument {
  readonly name: string;
  readonly description?: string;
  readonly hosts: string;
  readonly vars?: Readonly<Record<string, unknown>>;
  readonly serial?: number | string;
  readonly maxFailPercentage?: number;
  readonly check?: boolean;
  readonly tasks: readonly TaskDocument[];
}

export interface TaskDocument {
  readonly name?: string;
  readonly when?: string;
  readonly registerAs?: string;
  readonly ignoreErrors?: boolean;
  readonly tags?: readonly string[];
  /** The one task-type key and its parameters. */
  readonly [type: string]: unknown;
}

/** A task after validation: its type, parameters (secrets resolved, templates not yet rendered) and options. */
export interface PreparedTask {
  readonly index: number;
  /** JSON pointer of the task in the playbook, e.g. `/tasks/3`. */
  readonly pointer: string;
  /** The task's name, or its type when it has none. */
  readonly name: string;
  readonly type: string;
  readonly params: unknown;
  readonly when?: { readonly source: string; readonly expr: Expr };
  /** The variable the task's record is stored in. */
  readonly registerAs?: string;
  readonly ignoreErrors: boolean;
  readonly tags: readonly string[];
  /** Whether the parameters hold templates (rendered per host when the task runs). */
  readonly templated: boolean;
}
