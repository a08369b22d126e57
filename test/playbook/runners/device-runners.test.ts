/** The device runners' wiring and pure parts; test/playbooks/ runs them end to end against the emulated lab. */
import t from 'tap';
import { of, throwError } from 'rxjs';
import { ManualClock } from '../../../src/clock.js';
import { licensingStateOf } from '../../../src/driver/licensing-state.js';
import { LicensingError } from '../../../src/errors.js';
import { createDeviceTaskRegistry, createTaskRegistry, deviceTaskDefinitions, followWorkflow, provideDeviceRunners, statusValue, TaskRegistry } from '../../../src/index.js';
import { licensingSnapshot } from '../../../src/parsers/licensing-snapshot.js';
import { parseLicenseStatus } from '../../../src/parsers/show-license-status.js';
import type { HostContext, TaskProgress } from '../../../src/playbook/task-type.js';
import { resultEvent, stepEvent } from '../../../src/workflows/events.js';
import { states, statusText } from '../../driver/helpers/licensing-device.js';

t.test('every device task type has its runner in the device registry; the plain registry only defines them', async (t) => {
  const registry = createDeviceTaskRegistry();
  for (const definition of deviceTaskDefinitions) {
    t.ok(registry.runnerOf(definition.name), `${definition.name} runs`);
    t.equal(createTaskRegistry().runnerOf(definition.name), undefined, `${definition.name} is only defined in createTaskRegistry()`);
    t.equal(definition.supportsCheck, true, `${definition.name} honours check mode`);
  }
  t.throws(() => provideDeviceRunners(new TaskRegistry()), /task type "configure" is not defined/);
  t.throws(() => provideDeviceRunners(createDeviceTaskRegistry()), /already has a runner/);
});

t.test('the status value: the driver state grouped (registration.status, authorization.status), compliance, optional UDI and usage', async (t) => {
  const report = parseLicenseStatus(statusText('ios-xr', states.registered('ios-xr', '2026-01-01T00:00:05Z')), { platform: 'ios-xr' });
  const state = licensingStateOf(report);
  const value = statusValue({ host: 'ncs1004-1', platform: 'ios-xr', state, report, snapshot: licensingSnapshot([report], { platform: 'ios-xr' }) }, new ManualClock('2026-01-02T00:00:00Z'), 'NCS-1004');
  t.match(value, {
    platform: 'ios-xr',
    model: 'NCS-1004',
    registration: { status: 'registered', raw: 'REGISTERED', smartAccount: 'Forty-Two uLtd.', virtualAccount: 'IOSXR', registeredAt: '2026-01-01T00:00:05Z', exportControl: 'allowed' },
    authorization: { status: 'authorized', raw: 'AUTHORIZED', communicationDeadline: '2026-04-01T00:00:05Z' },
    compliance: { status: 'compliant', findings: [] },
  });
  t.notOk('udi' in value);
  t.notOk('usage' in value);
  t.equal(value.registration.nextRenewalAt, state.nextRenewalAt, 'every LicensingState field is kept');
  t.equal(value.authorization.nextCommunicationAt, state.nextCommunicationAt);
});

function fakeContext(progress: TaskProgress[]): HostContext {
  return { host: 'cbr8-1', emit: (p: TaskProgress) => progress.push(p) } as unknown as HostContext;
}

t.test('followWorkflow: step events become progress (not the "started" ones), the result ends it, a failure rejects', async (t) => {
  const progress: TaskProgress[] = [];
  const step = (status: 'started' | 'succeeded') => stepEvent({ device: 'cbr8-1', workflow: 'onboard', step: 'register', status, detail: `register ${status}`, at: 0 });
  const outcome = { device: 'cbr8-1', workflow: 'onboard' as const, status: 'succeeded' as const, changed: true, attempts: 1, startedAt: '', endedAt: '', durationMs: 0 };
  const result = await followWorkflow(of(step('started'), step('succeeded'), resultEvent(outcome, 'done')), fakeContext(progress));
  t.equal(result.detail, 'done');
  t.same(progress, [{ step: 'register', status: 'succeeded', detail: 'register succeeded' }]);
  const failure = new LicensingError('E_TOKEN_INVALID', 'register', 'the token is not valid', { host: 'cbr8-1' });
  await t.rejects(followWorkflow(throwError(() => failure), fakeContext([])), failure);
  await t.rejects(followWorkflow(of(step('succeeded')), fakeContext([])), { code: 'E_WORKFLOW', message: /ended without a result/ });
});
