/** Every verb of the `smartlic` command line, in the order `--help` lists them. */
import type { CommandRegistrar } from '../program.js';
import { registerCssm } from './cssm.js';
import { registerEmulate } from './emulate.js';
import { registerParse } from './parse.js';
import { registerPlaybookCommands } from './playbook.js';

export const commands: readonly CommandRegistrar[] = [registerPlaybookCommands, registerEmulate, registerCssm, registerParse];
