import t from 'tap';
import { lastValueFrom, toArray } from 'rxjs';
import { LicensingError, WorkflowError } from '../../src/errors.js';
import { Secret } from '../../src/secret.js';
import { errorJson, redactJson, resultEvent, stepEvent, summaryEvent } from '../../src/workflows/events.js';
import { procedure$ } from '../../src/workflows/procedure.js';
import { summarize } from '../../src/workflows/summary.js';
import { T0 } from './helpers/virtual-time.js';

const token = new Secret('ID-TOKEN-5ecr3t-f00d');

t.test('step events are plain JSON with secrets redacted from detail, data and error', async (t) => {
  const error = new LicensingError('E_TOKEN_INVALID', 'register', `token ${token.reveal()} rejected`, { host: 'r1', evidence: [`idtoken ${token.reveal()}`] });
  const event = stepEvent({
    device: 'r1',
    workflow: 'onboard',
    step: 'register',
    status: 'failed',
    detail: `license smart register idtoken ${token.reveal()}`,
    at: T0,
    data: { token, nested: { lines: [`x ${token.reveal()} y`] } },
    error,
  });
  const json = JSON.stringify(event);
  t.notOk(json.includes(token.reveal()), 'the token value appears nowhere');
  t.equal(event.detail, 'license smart register idtoken ***');
  t.same(event.data, { token: '***', nested: { lines: ['x *** y'] } });
  t.equal(event.error?.code, 'E_TOKEN_INVALID');
  t.equal(event.error?.name, 'LicensingError');
  t.equal(event.error?.['operation'], 'register');
  t.equal(event.at, '2024-03-13T08:00:00.000Z');
  t.same(JSON.parse(json), event, 'round-trips through JSON unchanged');
  t.notOk('changed' in event);
});

t.test('errorJson: SmartlicErrors keep their fields; anything else becomes E_WORKFLOW', async (t) => {
  t.same(errorJson(new WorkflowError('onboard', 'verify', 'not registered', { host: 'r1' })), {
    name: 'WorkflowError',
    code: 'E_WORKFLOW',
    message: 'r1: onboard/verify: not registered',
    host: 'r1',
    workflow: 'onboard',
    step: 'verify',
  });
  t.same(errorJson(new RangeError(`bad ${token.reveal()}`)), { name: 'RangeError', code: 'E_WORKFLOW', message: 'bad ***' });
  t.same(errorJson('boom'), { name: 'Error', code: 'E_WORKFLOW', message: 'boom' });
  t.same(redactJson({ s: token, t: [token.reveal()] }), { s: '***', t: ['***'] });
  t.equal(redactJson(undefined), undefined);
});

t.test('result and summary events carry the outcome and the aggregate', async (t) => {
  const outcome = { device: 'r1', workflow: 'onboard' as const, status: 'failed' as const, changed: false, attempts: 2, startedAt: '2024-03-13T08:00:00.000Z', endedAt: '2024-03-13T08:00:05.000Z', durationMs: 5000, error: errorJson(new WorkflowError('onboard', 'verify', 'x')) };
  const result = resultEvent(outcome, 'x');
  t.equal(result.type, 'result');
  t.equal(result.step, 'result');
  t.equal(result.at, outcome.endedAt);
  t.equal(result.error?.code, 'E_WORKFLOW');
  const summary = summaryEvent('onboard', summarize([result]), T0 + 5000);
  t.equal(summary.device, '*');
  t.equal(summary.status, 'failed');
  t.equal(summary.summary.failed, 1);
  t.same(summary.summary.errorCodes, { E_WORKFLOW: 1 });
});

t.test('procedure$: steps in order, a bug inside a step becomes a typed WorkflowError after a failed event', async (t) => {
  const clock = { now: () => T0 };
  const ok = await lastValueFrom(
    procedure$('onboard', 'r1', { clock }, async (steps) => {
      await steps.run('verify', 'checking', async () => ({ value: 1, detail: 'fine', changed: true, data: { n: 1 } }));
      steps.skip('register', 'not needed');
      steps.warn('verify', 'heads up');
      steps.progress('wait-registration', 'polling');
      return { status: 'succeeded', detail: 'done', value: { n: 1 } };
    }).pipe(toArray()),
  );
  t.same(
    ok.map((e) => [e.step, e.status]),
    [
      ['verify', 'started'],
      ['verify', 'succeeded'],
      ['register', 'skipped'],
      ['verify', 'warning'],
      ['wait-registration', 'progress'],
      ['result', 'succeeded'],
    ],
  );
  const last = ok[ok.length - 1];
  t.equal(last?.type === 'result' && last.outcome.changed, true);
  t.same(last?.type === 'result' && last.outcome.value, { n: 1 });

  const events: string[] = [];
  const failure = await lastValueFrom(
    procedure$('onboard', 'r1', { clock }, async (steps) => {
      await steps.run('verify', 'checking', async () => {
        throw new TypeError('x is not a function');
      });
      return { status: 'succeeded', detail: 'unreachable' };
    }).pipe(toArray()),
  ).then(
    () => undefined,
    (error: unknown) => error,
  );
  t.ok(failure instanceof WorkflowError);
  t.equal((failure as WorkflowError).step, 'verify');
  t.match((failure as WorkflowError).message, /x is not a function/);
  procedure$('onboard', 'r1', { clock }, async (steps) => {
    await steps.run('verify', 'checking', async () => {
      throw new TypeError('boom');
    });
    return { status: 'succeeded', detail: '' };
  }).subscribe({ next: (e) => events.push(`${e.step}:${e.status}`), error: () => events.push('error') });
  await new Promise((r) => setImmediate(r));
  t.same(events, ['verify:started', 'verify:failed', 'error']);
});
