/** The task registry smartlic ships: device task types (defined; runners provided by the device layer) and the engine's own. */
import { TaskRegistry } from './task-registry.js';
import { deviceTaskDefinitions } from './tasks/device-tasks.js';
import { setVarsTask } from './tasks/set-vars.js';
import { verifyTask } from './tasks/verify.js';
import { waitTask } from './tasks/wait.js';

export function createTaskRegistry(): TaskRegistry {
  const registry = new TaskRegistry();
  for (const definition of deviceTaskDefinitions) registry.define(definition);
  registry.register(verifyTask).register(waitTask).register(setVarsTask);
  return registry;
}
