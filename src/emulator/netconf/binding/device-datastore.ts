/**
 * The running datastore of an emulated device: reads render the device's configuration through a binding; writes
 * parse the new XML, turn the difference into configuration edits and apply them with `device.config.edit`, the
 * path the CLI's lines take (grammar, validators, change listeners, one commit on IOS-XR). A write is refused
 * whole — bad XML values, a line the grammar does not take, a validator's veto — and then nothing changes.
 */
import { NetconfRpcError } from '../../../errors.js';
import { silentLogger, type Logger } from '../../../log.js';
import type { XmlNode } from '../../../netconf/xml.js';
import { redactText } from '../../../secret.js';
import type { ProposedChange } from '../../device/config/ops.js';
import type { RejectedOp } from '../../device/config/store.js';
import type { ConfigNode } from '../../device/config/tree.js';
import type { EmulatedDevice } from '../../device/types.js';
import { rpcErrorInfo, rpcFailure } from '../rpc-failure.js';
import type { Datastore, DatastoreWrite } from '../types.js';
import type { ConfigBinding } from './config-binding.js';
import type { BoundEdit } from './config-lines.js';
import { ConfigProblems } from './config-reader.js';

export interface DeviceDatastoreOptions {
  readonly logger?: Logger;
  /**
   * Why the configuration cannot be changed right now by NETCONF (a lock held outside it, e.g. an IOS-XR
   * `configure exclusive` CLI session), or undefined when it can.
   */
  readonly lockedOutside?: () => string | undefined;
}

/** User recorded for changes whose session is unknown (a datastore written outside a session). */
const DEFAULT_USER = 'netconf';

export class DeviceDatastore<S> implements Datastore {
  readonly #logger: Logger;
  readonly #lockedOutside: (() => string | undefined) | undefined;
  #renderedFrom: ConfigNode | undefined;
  #rendered: readonly XmlNode[] = [];

  constructor(
    readonly device: EmulatedDevice,
    readonly binding: ConfigBinding<S>,
    options: DeviceDatastoreOptions = {},
  ) {
    this.#logger = (options.logger ?? silentLogger).child({ component: 'netconf-datastore', device: device.name });
    this.#lockedOutside = options.lockedOutside;
  }

  getTree(): readonly XmlNode[] {
    const tree = this.device.config.running();
    if (tree !== this.#renderedFrom) {
      this.#rendered = this.binding.render(this.binding.read(tree));
      this.#renderedFrom = tree;
    }
    return this.#rendered;
  }

  /**
   * The configuration edits that make the device say what `nodes` say.
   * @throws NetconfRpcError listing every problem of the XML (invalid-value, missing-element, unknown-element …)
   */
  plan(nodes: readonly XmlNode[], operation = 'edit-config'): BoundEdit[] {
    const problems = new ConfigProblems(operation);
    const current = this.binding.read(this.device.config.running());
    const next = this.binding.parse(nodes, current, problems);
    problems.throwIfAny();
    return this.binding.edits(current, next);
  }

  setTree(nodes: readonly XmlNode[], write?: DatastoreWrite): void {
    const operation = write?.operation ?? 'edit-config';
    const edits = this.plan(nodes, operation);
    if (edits.length === 0) return;
    const locked = this.#lockedOutside?.();
    if (locked !== undefined) throw rpcFailure(operation, 'in-use', locked, { type: 'application', info: { 'session-id': 0 } });
    const result = this.device.config.edit(edits, { source: 'netconf', user: write?.user ?? DEFAULT_USER, strict: true });
    if (!result.ok) throw refusal(operation, edits, result.rejected);
    this.#logger.info({ operation, sessionId: write?.sessionId, changes: result.changes.length, commitId: result.commitId }, 'configuration changed over NETCONF');
  }

  /** Everything a write checks (the XML, the grammar, the device's validators), nothing applied: `<validate>`, test-only. */
  check(nodes: readonly XmlNode[], operation = 'validate'): void {
    const edits = this.plan(nodes, operation);
    if (edits.length === 0) return;
    const result = this.device.config.edit(edits, { source: 'netconf', strict: true, dryRun: true });
    if (!result.ok) throw refusal(operation, edits, result.rejected);
  }
}

function unquoted(line: string): string {
  return line.replace(/"/g, '');
}

/** The edit a refused change came from (stored lines quote IOS-XE profile names; `no` forms name the line). */
function editOf(edits: readonly BoundEdit[], change: ProposedChange): BoundEdit | undefined {
  const line = unquoted(change.line);
  return edits.find((e) => unquoted(e.line) === line || `no ${unquoted(e.line)}` === line || unquoted(e.line) === `no ${line}`);
}

function refusal(operation: string, edits: readonly BoundEdit[], rejected: readonly RejectedOp[]): NetconfRpcError {
  return new NetconfRpcError(
    operation,
    rejected.map((r) => {
      const edit = editOf(edits, r.change);
      const message = r.message.replace(/^%\s*/, '').trim();
      return rpcErrorInfo('operation-failed', redactText(`the device refused "${[...r.change.path, r.change.line].join(' / ')}": ${message}`), {
        type: 'application',
        ...(edit === undefined ? {} : { path: edit.at }),
      });
    }),
  );
}
