/** Every verb of the `smartlic` command line, in the order `--help` lists them. */
import type { CommandRegistrar } from '../program.js';
import { registerConfigure } from './configure.js';
import { registerCssm } from './cssm.js';
import { registerDemo } from './demo.js';
import { registerDeregister } from './deregister.js';
import { registerEmulate } from './emulate.js';
import { registerParse } from './parse.js';
import { registerRegister } from './register.js';
import { registerRenew } from './renew.js';
import { registerStatus } from './status.js';
import { registerPlaybookCommands } from './playbook.js';

export const commands: readonly CommandRegistrar[] = [
  registerPlaybookCommands,
  registerDemo,
  registerEmulate,
  registerCssm,
  registerRegister,
  registerRenew,
  registerDeregister,
  registerStatus,
  registerParse,
  registerConfigure,
];
