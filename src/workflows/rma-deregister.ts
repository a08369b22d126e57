/**
 * RMA deregistration (000:1045, 001:441-452, 004:238): capture the evidence first, `license smart deregister`,
 * verify the device is unregistered and its product instance is gone from CSSM (through the CSSM API), and hand
 * back the evidence bundle for the RMA case. Nothing changes before the evidence is captured; a retry after the
 * deregistration keeps the evidence the first attempt took.
 */
import type { Observable } from 'rxjs';
import { InvalidArgumentError, WorkflowError } from '../errors.js';
import type { RegistrationStatus } from '../licensing/types.js';
import { isoAt, type WorkflowEvent } from './events.js';
import type { CssmPort, LicensingDevice } from './ports.js';
import { procedure$ } from './procedure.js';
import { captureEvidence, RMA_EVIDENCE_FORMAT, type RmaEvidence, type RmaEvidenceBundle } from './rma-evidence.js';
import { sleep } from './scheduler-sleep.js';
import { runtimeScheduler, type FleetWorkflow, type WorkflowRuntime } from './workflow.js';

export interface RmaSettings {
  readonly cssm: CssmPort;
  /** Default: the CSSM client's own. */
  readonly virtualAccount?: string;
  /** Remove the product instance through the CSSM API when the device's deregistration left it there; default false. */
  readonly removeFromCssm?: boolean;
  /** Recent syslog lines kept in the evidence; default 50. */
  readonly syslogLines?: number;
  /** CSSM may list the instance for a while after the device deregistered: reads and the pause between them. */
  readonly cssmCheck?: { readonly polls?: number; readonly intervalMs?: number };
  /** Evidence by host, kept across attempts (`rmaDeregistration()` provides one per run). */
  readonly evidenceStore?: Map<string, RmaEvidence>;
  /**
   * Check mode: capture the evidence and look the instance up in CSSM (reads only), then report whether the device
   * would be deregistered; nothing changes on the device or in CSSM and no bundle is built.
   */
  readonly check?: boolean;
}

export interface RmaOptions extends RmaSettings, WorkflowRuntime {}

const UNREGISTERED: ReadonlySet<RegistrationStatus> = new Set<RegistrationStatus>(['unregistered', 'unidentified', 'unconfigured']);

function checkSettings(settings: RmaSettings): void {
  const cssm = settings.cssm as Partial<CssmPort> | undefined;
  if (cssm === undefined || typeof cssm.findProductInstance !== 'function' || typeof cssm.removeProductInstance !== 'function') {
    throw new InvalidArgumentError('cssm', 'a CSSM client (findProductInstance, removeProductInstance) is required to verify the product instance is gone');
  }
  const lines = settings.syslogLines;
  if (lines !== undefined && (!Number.isInteger(lines) || lines < 1 || lines > 10_000)) throw new InvalidArgumentError('syslogLines', `must be an integer from 1 to 10000, got ${String(lines)}`);
  const polls = settings.cssmCheck?.polls;
  if (polls !== undefined && (!Number.isInteger(polls) || polls < 1 || polls > 100)) throw new InvalidArgumentError('cssmCheck.polls', `must be an integer from 1 to 100, got ${String(polls)}`);
  const interval = settings.cssmCheck?.intervalMs;
  if (interval !== undefined && (!Number.isFinite(interval) || interval < 0)) throw new InvalidArgumentError('cssmCheck.intervalMs', `must be a number of milliseconds ≥ 0, got ${String(interval)}`);
}

export function rmaDeregister$(device: LicensingDevice, options: RmaOptions): Observable<WorkflowEvent> {
  checkSettings(options);
  const scheduler = runtimeScheduler(options);
  const cssm = options.cssm;
  const va = options.virtualAccount === undefined ? {} : { virtualAccount: options.virtualAccount };
  const polls = options.cssmCheck?.polls ?? 3;
  const interval = options.cssmCheck?.intervalMs ?? 10_000;

  return procedure$('rma-deregister', device.host, options, async (steps) => {
    const op = { signal: steps.signal };
    const host = device.host;

    const kept = options.evidenceStore?.get(host);
    let evidence: RmaEvidence;
    if (kept !== undefined) {
      evidence = kept;
      steps.skip('capture-evidence', `keeping the evidence captured at ${kept.capturedAt} (before any change)`, { evidence: kept });
    } else {
      evidence = await steps.run('capture-evidence', 'status, UDI, licenses, licensing configuration and syslog', async () => {
        const captured = await captureEvidence(device, steps.clock, steps.signal, options.syslogLines ?? 50);
        if (options.check !== true) options.evidenceStore?.set(host, captured);
        return {
          value: captured,
          detail: `SN ${captured.udi.sn}, ${captured.licensesInUse.length} license(s) in use, registration ${captured.registration ?? 'unknown'}`,
          data: { evidence: captured },
        };
      });
    }
    const query = { sn: evidence.udi.sn, ...(evidence.udi.pid === null ? {} : { pid: evidence.udi.pid }) };

    if (options.check === true) {
      const registration = evidence.registration;
      const wouldDeregister = registration === null || !UNREGISTERED.has(registration as RegistrationStatus);
      steps.skip('deregister', wouldDeregister ? `check mode: would send license smart deregister (registration ${registration ?? 'unknown'})` : `the device is already ${registration ?? 'unregistered'}`);
      steps.skip('verify-device', 'check mode');
      const listed = await steps.run('verify-cssm', `looking up SN ${query.sn} in CSSM`, async () => {
        const found = (await cssm.findProductInstance(query, va)) !== undefined;
        return { value: found, detail: `CSSM ${found ? 'lists' : 'does not list'} SN ${query.sn}` };
      });
      steps.skip('remove-cssm-instance', options.removeFromCssm === true ? 'check mode: would remove the instance if CSSM still lists it after the deregistration' : 'check mode');
      steps.skip('evidence-bundle', 'check mode');
      return {
        status: 'succeeded',
        detail: `check mode: ${wouldDeregister ? 'would deregister' : 'already unregistered'}; CSSM ${listed ? 'lists' : 'does not list'} SN ${query.sn}`,
        value: { check: true, wouldDeregister, registration, cssm: { sn: query.sn, pid: evidence.udi.pid, listed } },
      };
    }

    const result = await steps.run<RmaEvidenceBundle['deregistration']['result']>('deregister', 'license smart deregister', async () => {
      const current = (await device.status(op)).snapshot.registration?.status;
      if (current !== undefined && UNREGISTERED.has(current)) {
        // An earlier attempt of this run sent the deregistration and then failed (CSSM unreachable: the device
        // drops its registration whatever CSSM answers, 004:654-684; or the connection dropped afterwards).
        const before = kept?.registration;
        if (before != null && !UNREGISTERED.has(before as RegistrationStatus)) {
          return { value: 'deregistered', changed: true, detail: `the device is ${current}: deregistered by an earlier attempt (registration ${before} when the evidence was captured)` };
        }
        return { value: 'already-unregistered', status: 'skipped', detail: `the device is already ${current}` };
      }
      const after = await device.deregister(op);
      return { value: 'deregistered', changed: true, detail: `registration ${after.snapshot.registration?.status ?? 'unknown'}` };
    });

    const onDevice = await steps.run('verify-device', 'reading the licensing status', async () => {
      const status = await device.status(op);
      const registration = status.snapshot.registration?.status;
      if (registration === undefined || !UNREGISTERED.has(registration)) {
        throw new WorkflowError('rma-deregister', 'verify-device', `the device still reports registration ${registration ?? 'unknown'} after deregistering`, { host });
      }
      const authorization = status.snapshot.authorization?.status ?? null;
      return { value: { registration, authorization, at: steps.clock.now() }, detail: `registration ${registration}${authorization === null ? '' : `, authorization ${authorization}`}` };
    });

    const findInstance = async (): Promise<boolean> => {
      for (let poll = 1; poll <= polls; poll++) {
        if ((await cssm.findProductInstance(query, va)) === undefined) return false;
        if (poll < polls) {
          steps.progress('verify-cssm', `CSSM still lists SN ${query.sn} (read ${poll} of ${polls})`, { poll });
          await sleep(interval, scheduler, steps.signal);
        }
      }
      return true;
    };

    let productInstance: RmaEvidenceBundle['cssm']['productInstance'] = 'absent';
    const stillListed = await steps.run('verify-cssm', `looking up SN ${query.sn} in CSSM`, async () => {
      const listed = await findInstance();
      if (listed && options.removeFromCssm !== true) {
        throw new WorkflowError(
          'rma-deregister',
          'verify-cssm',
          `CSSM still lists the product instance SN ${query.sn} after ${polls} read(s); remove it in CSSM (or run with removeFromCssm)`,
          { host },
        );
      }
      return listed
        ? { value: true, status: 'warning', detail: `CSSM still lists SN ${query.sn}; removing it through the CSSM API` }
        : { value: false, detail: `CSSM no longer lists SN ${query.sn}` };
    });
    if (!stillListed) {
      steps.skip('remove-cssm-instance', 'nothing to remove');
    } else {
      productInstance = 'removed';
      await steps.run('remove-cssm-instance', `removing SN ${query.sn} from CSSM`, async () => {
        const removed = await cssm.removeProductInstance(query, va);
        if (!removed.removed) throw new WorkflowError('rma-deregister', 'remove-cssm-instance', `CSSM did not remove SN ${query.sn}: ${removed.message || 'no reason given'}`, { host });
        if ((await cssm.findProductInstance(query, va)) !== undefined) {
          throw new WorkflowError('rma-deregister', 'remove-cssm-instance', `CSSM still lists SN ${query.sn} after removing it`, { host });
        }
        return { value: removed, changed: true, detail: `CSSM removed SN ${query.sn}` };
      });
    }

    const bundle = await steps.run('evidence-bundle', 'assembling the RMA evidence bundle', async () => {
      const now = isoAt(steps.clock.now());
      const built: RmaEvidenceBundle = {
        format: RMA_EVIDENCE_FORMAT,
        device: host,
        generatedAt: now,
        evidence,
        deregistration: { result, verifiedAt: isoAt(onDevice.at), registration: onDevice.registration, authorization: onDevice.authorization },
        cssm: { virtualAccount: options.virtualAccount ?? null, query: { sn: query.sn, pid: evidence.udi.pid }, productInstance, verifiedAt: now },
      };
      return { value: built, detail: `evidence for SN ${query.sn} ready`, data: { bundle: built } };
    });

    return { status: 'succeeded', detail: `deregistered; SN ${query.sn} ${productInstance === 'absent' ? 'gone from' : 'removed from'} CSSM`, value: bundle };
  });
}

/** RMA deregistration as a fleet workflow; the evidence of each device is kept across its retries. */
export function rmaDeregistration(settings: RmaSettings): FleetWorkflow {
  checkSettings(settings);
  const evidenceStore = settings.evidenceStore ?? new Map<string, RmaEvidence>();
  return {
    name: 'rma-deregister',
    run: (device, context) => rmaDeregister$(device, { ...settings, evidenceStore, scheduler: context.scheduler, clock: context.clock, signal: context.signal }),
  };
}
