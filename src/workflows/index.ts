/** Public surface of the workflows: ports, events, the fleet runner and the four workflows. */
export type {
  OperationOptions,
  RegisterPortOptions,
  DeviceLicensingStatus,
  LicensingDevice,
  DeviceOpener,
  CssmPort,
  IntentOutcome,
  IntentApplier,
  TokenSource,
} from './ports.js';
export {
  redactJson,
  errorJson,
  isStepEvent,
  isResultEvent,
  isSummaryEvent,
  type JsonValue,
  type JsonObject,
  type WorkflowName,
  type StepStatus,
  type StepName,
  type ErrorJson,
  type StepEvent,
  type OutcomeStatus,
  type DeviceOutcome,
  type DeviceResultEvent,
  type FleetSummary,
  type FleetSummaryEvent,
  type WorkflowEvent,
} from './events.js';
export { summarize } from './summary.js';
export { isTransientFailure } from './transient-failure.js';
export { DEFAULT_RETRY_POLICY, resolveRetryPolicy, retryDelay, type RetryPolicy, type ResolvedRetryPolicy } from './backoff.js';
export type { WorkflowRuntime, WorkflowContext, FleetWorkflow } from './workflow.js';
export { procedure$, steps$, Steps, type StepDone, type ProcedureResult } from './procedure.js';
export { runDevice$, DEFAULT_DEVICE_TIMEOUT_MS, type DeviceRunOptions } from './device-run.js';
export { runFleet$, DEFAULT_CONCURRENCY, type FleetRunOptions } from './fleet-runner.js';
export { waitForRegistration, registrationVerdict, type RegistrationWaitOptions, type RegistrationVerdict } from './registration-wait.js';
export { onboard$, onboarding, type OnboardSettings, type OnboardOptions } from './onboard.js';
export { rmaDeregister$, rmaDeregistration, type RmaSettings, type RmaOptions } from './rma-deregister.js';
export { captureEvidence, RMA_EVIDENCE_FORMAT, type RmaEvidence, type RmaEvidenceBundle, type CommandCapture } from './rma-evidence.js';
export { writeEvidenceBundle } from './evidence-bundle-file.js';
export { detectSyncLoss, type SyncLossDetection, type SyslogHit } from './sync-loss.js';
export {
  forceReregister$,
  reregisterWithForce$,
  forcedReregistration,
  reregistrationWithForce,
  isExpectedDeregFailure,
  type ReregisterSettings,
  type ForceReregisterSettings,
  type ReregisterWithForceSettings,
  type ForceReregisterOptions,
  type ReregisterWithForceOptions,
} from './force-reregister.js';
export { complianceWatch$, complianceWatch, type ComplianceWatchSettings, type ComplianceWatchOptions } from './compliance-watch.js';
export {
  DriverLicensingDevice,
  inventoryDeviceOpener,
  intentApplier,
  type InventoryOpenerOptions,
  type DriverLicensingDeviceOptions,
} from './driver-adapters.js';
