/**
 * `setVars`: compute variables for the host's later tasks from templates, e.g.
 *   { "setVars": { "site_dns": "{{ site.dns }}", "is_edge": "{{ role == 'edge' }}" } }
 * The values are rendered once, when the task runs, and stored above every other variable layer.
 */
import type { FieldIssue } from '../../errors.js';
import { isDeferred } from '../expression.js';
import { RESERVED_NAMES } from '../scope.js';
import type { TaskType } from '../task-type.js';

export type SetVarsParams = Readonly<Record<string, unknown>>;

export const setVarsTask: TaskType<SetVarsParams> = {
  name: 'setVars',
  description: 'Set variables (templates rendered now) for this host\'s later tasks; they take precedence over inventory and playbook vars.',
  paramsSchema: { type: 'object', minProperties: 1, propertyNames: { $ref: '#/definitions/varName' } },
  supportsCheck: true,
  validate(params) {
    const issues: FieldIssue[] = [];
    if (isDeferred(params) || params === null || typeof params !== 'object') return issues;
    for (const name of Object.keys(params)) {
      if (RESERVED_NAMES.includes(name)) issues.push({ pointer: `/${name}`, message: `"${name}" is reserved (${RESERVED_NAMES.join(', ')})` });
    }
    return issues;
  },
  definesVars: (params) => (params !== null && typeof params === 'object' ? Object.keys(params) : []),
  async run(params) {
    return { changed: false, vars: params, value: params, detail: `set ${Object.keys(params).join(', ')}` };
  },
};
