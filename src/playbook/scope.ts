/**
 * A host's variables during a playbook run, highest precedence first:
 *   registered results and `setVars` > host vars > group vars (inventory group order, `all` first)
 *   > playbook vars > inventory vars,
 * plus the reserved facts `host` (name, address, port, platform, model, groups, transport) and `playbook`
 * (name, check, diff). Layers merge by top-level name (a host's `site` replaces the group's whole `site`).
 *
 * Variable values may themselves hold templates (`"url": "https://{{ domain }}/x"`); they are rendered when
 * read, with cycles reported. Registered results are never rendered again: device output that happens to
 * contain `{{` stays text.
 */
import { ExpressionError } from '../errors.js';
import { DEFERRED, type RootLookup } from './expression.js';
import { renderValue, type LiteralFields, type RenderOutcome } from './template.js';

export interface VarLayer {
  /** Where these variables come from, for messages: "playbook vars", "group cbr8 vars" … */
  readonly origin: string;
  readonly vars: Readonly<Record<string, unknown>>;
}

export interface VarScopeOptions {
  /** Says why a name is not defined here (e.g. it is registered by a later task). */
  readonly explainMissing?: (name: string) => string | undefined;
  /** Names defined nowhere read as DEFERRED instead of undefined (validating without an inventory). */
  readonly unknownIsDeferred?: boolean;
}

export const RESERVED_NAMES: readonly string[] = ['host', 'playbook', 'result'];

function own(record: Readonly<Record<string, unknown>>, name: string): boolean {
  return Object.prototype.hasOwnProperty.call(record, name);
}

export class VarScope {
  readonly #layers: readonly VarLayer[];
  readonly #facts: Readonly<Record<string, unknown>>;
  readonly #registered = new Map<string, unknown>();
  readonly #rendering: string[] = [];
  readonly #options: VarScopeOptions;

  /** `layers` from lowest to highest precedence. */
  constructor(layers: readonly VarLayer[], facts: Readonly<Record<string, unknown>>, options: VarScopeOptions = {}) {
    this.#layers = layers;
    this.#facts = facts;
    this.#options = options;
  }

  readonly lookup: RootLookup = (name) => {
    if (own(this.#facts, name)) return { found: true, value: this.#facts[name] };
    if (this.#registered.has(name)) return { found: true, value: this.#registered.get(name) };
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const layer = this.#layers[i] as VarLayer;
      if (own(layer.vars, name)) return { found: true, value: this.#renderVar(name, layer) };
    }
    const why = this.#options.explainMissing?.(name);
    if (why !== undefined) return { found: false, why };
    return this.#options.unknownIsDeferred === true ? { found: true, value: DEFERRED } : { found: false };
  };

  #renderVar(name: string, layer: VarLayer): unknown {
    if (this.#rendering.includes(name)) {
      const cycle = [...this.#rendering.slice(this.#rendering.indexOf(name)), name].join(' → ');
      throw new ExpressionError(name, `variables refer to each other in a cycle: ${cycle}`);
    }
    this.#rendering.push(name);
    try {
      const out = renderValue(layer.vars[name], this.lookup);
      const issue = out.issues[0];
      if (issue !== undefined) {
        throw new ExpressionError(name, `variable "${name}" (${layer.origin}${issue.pointer}): ${issue.message}`);
      }
      return out.value;
    } finally {
      this.#rendering.pop();
    }
  }

  has(name: string): boolean {
    return this.lookup(name).found;
  }

  /** A variable's rendered value (undefined when it is not defined). */
  get(name: string): unknown {
    return this.lookup(name).value;
  }

  /** Sets a run-time variable (a registered result, a `setVars` value): above every layer. */
  set(name: string, value: unknown): void {
    this.#registered.set(name, value);
  }

  render(value: unknown, pointer = '', literal?: LiteralFields): RenderOutcome {
    return renderValue(value, this.lookup, pointer, literal);
  }
}
