/**
 * The device task types with their runners: what `smartlic run` uses. `createTaskRegistry()` defines them (their
 * parameters and checks); `provideDeviceRunners` gives each its runner over the driver and the workflows.
 */
import { createTaskRegistry } from '../builtin-tasks.js';
import type { TaskRegistry } from '../task-registry.js';
import { provideLicensingRunners } from './licensing-runners.js';
import { provideWorkflowRunners, type WorkflowRunnerOptions } from './workflow-runners.js';

export type DeviceRunnerOptions = WorkflowRunnerOptions;

/** Gives `configure`, `register`, `renew`, `deregister`, `status`, `show`, `onboard`, `rma`, `reregister` and `watch` their runners. */
export function provideDeviceRunners(registry: TaskRegistry, options: DeviceRunnerOptions = {}): TaskRegistry {
  provideLicensingRunners(registry, options);
  provideWorkflowRunners(registry, options);
  return registry;
}

/** The shipped task registry with every device task runnable. */
export function createDeviceTaskRegistry(options: DeviceRunnerOptions = {}): TaskRegistry {
  return provideDeviceRunners(createTaskRegistry(), options);
}
