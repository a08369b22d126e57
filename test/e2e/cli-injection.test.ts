/**
 * No CLI injection through the library (issue 11): every hostile value of helpers/hostile-values.ts in each
 * licensing intent field (`Device.configure` / `plan`, over CLI and NETCONF), in the ID token of `register`, and in
 * raw exec / configuration lines is refused with a typed error naming the field (the JSON pointer for intents),
 * and the devices' command logs and the NETCONF server's log prove that nothing reached a device. Over real SSH on
 * loopback against the lab (`startLab()`). The command line, playbooks and inventories: cli-injection-commands.test.ts.
 */
import t from 'tap';
import type { Device } from '../../src/driver/device.js';
import { openDevice } from '../../src/driver/device.js';
import { InvalidArgumentError, InvalidIntentError, SmartlicError } from '../../src/errors.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import { Secret } from '../../src/secret.js';
import { buildLicensingRpc } from '../../src/driver/netconf/licensing-rpc.js';
import { childText, parseXml, renderXml } from '../../src/netconf/xml.js';
import { POLL } from './helpers/e2e-lab.js';
import { hostile, HOSTILE_KINDS } from './helpers/hostile-values.js';
import { INTENT_FIELDS, injectionLab, SHOW_BASE, TOKEN_BASE } from './helpers/injection-lab.js';

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (error) {
    return error;
  }
  return undefined;
}

/** Short label for a hostile value in assertion messages (the over-long one cut). */
function label(field: string, name: string): string {
  return `${field} ← ${name}`;
}

t.test('intent fields: every hostile value refused naming its JSON pointer, over CLI and NETCONF, nothing sent', async (t) => {
  const lab = await injectionLab(t);
  const netconfHost = (name: string): Promise<Device> => {
    const [host] = lab.e2e.inventory.resolveHosts(name);
    if (host === undefined) throw new Error(name);
    return openDevice(host, { licensing: POLL, transport: 'netconf' });
  };
  const devices: Device[] = [await lab.e2e.open('cbr8-1'), await lab.e2e.open('ncs1004-1'), await netconfHost('cbr8-1'), await netconfHost('ncs1004-1')];
  t.teardown(() => Promise.all(devices.map((d) => d.close())));
  await lab.mark(2);
  let tried = 0;
  for (const field of INTENT_FIELDS) {
    for (const { name, value } of hostile(field.base)) {
      const intent = field.intent(value) as LicensingIntent;
      for (const device of devices) {
        for (const operation of [() => device.configure(intent), () => device.configure(intent, { check: true }), () => device.plan(intent)]) {
          const error = await refusal(operation());
          tried++;
          if (!(error instanceof InvalidIntentError)) {
            t.fail(`${label(field.pointer, name)} on ${device.host}: not refused as E_INVALID_INTENT`, { error: String(error) });
            continue;
          }
          if (!error.issues.some((i) => i.pointer === field.pointer)) t.fail(`${label(field.pointer, name)}: no issue at the pointer`, { issues: error.issues });
        }
      }
    }
  }
  t.equal(tried, INTENT_FIELDS.length * HOSTILE_KINDS * devices.length * 3);
  t.same(lab.received(), { lines: [], netconfSessions: 0 }, `${tried} refusals and nothing reached a device`);
  // The sessions still work: nothing was left half-typed on the line.
  for (const device of devices) t.equal((await device.status()).state.registration, 'unregistered');
});

t.test('a CA certificate with text around it (quit + configuration lines) is refused at its pointer', async (t) => {
  const lab = await injectionLab(t);
  const cbr8 = await lab.e2e.open('cbr8-1');
  const pem = lab.e2e.lab.cssm.caPem.trim();
  await lab.mark();
  for (const [name, text] of [
    ['after the block', `${pem}\nquit\nusername evil privilege 15 secret x\n`],
    ['before the block', `enable secret x\n${pem}`],
    ['inside the block', pem.replace('\n', '\nquit\n')],
    ['Ctrl-Z inside', pem.replace('\n', '\u001a\n')],
  ] as const) {
    const error = await refusal(cbr8.configure({ trust: { trustpoint: { name: 'SLA-TrustPoint', caCertificatePem: text } } }));
    t.type(error, InvalidIntentError, name);
    t.match((error as InvalidIntentError).issues, [{ pointer: '/trust/trustpoint/caCertificatePem' }], name);
  }
  t.same(lab.received(), { lines: [], netconfSessions: 0 });
});

t.test('ID tokens, show commands, exec and configuration lines: refused naming the argument, nothing sent', async (t) => {
  const lab = await injectionLab(t);
  const cli = [await lab.e2e.open('cbr8-1'), await lab.e2e.open('ncs1004-1')];
  const [host] = lab.e2e.inventory.resolveHosts('ncs1004-1');
  const netconf = await openDevice(host as never, { licensing: POLL, transport: 'netconf' });
  t.teardown(() => netconf.close());
  await lab.mark(1);
  let tried = 0;
  for (const { name, value } of hostile(TOKEN_BASE)) {
    for (const device of [...cli, netconf]) {
      for (const token of [value, new Secret(value)]) {
        const error = await refusal(device.register(token, { force: true }));
        tried++;
        t.ok(error instanceof InvalidArgumentError && error.argument === 'idToken', label('idToken', name));
        t.notOk(String((error as Error).message).includes(value), 'the token is not quoted');
      }
    }
  }
  // Raw exec and configuration lines (`Device.send`, `Session.send`, `Session.sendConfig`) are the caller's own
  // commands: what breaks or edits the line (control characters, TAB completion, `?`, non-ASCII, over-long) is
  // refused; any other text is one line the device judges, and must arrive as exactly that one line.
  const refusedRaw = (v: string): boolean => /[^\x20-\x7e]/.test(v) || v.includes('?') || v.length > 4096;
  let oneLine = 0;
  for (const { name, value } of hostile(SHOW_BASE)) {
    for (const device of cli) {
      const emulated = lab.e2e.device(device.host);
      for (const [kind, send] of [
        ['exec', () => device.send(value)],
        ['exec', () => device.session.send(value)],
        ['config', () => device.session.sendConfig([value])],
      ] as const) {
        const before = emulated.commandLog.lastSeq;
        const commits = emulated.config.commits().length;
        const error = await refusal(send());
        tried++;
        const lines = emulated.commandLog.since(before).map((e) => e.line);
        if (refusedRaw(value)) {
          t.ok(error instanceof InvalidArgumentError, label(kind, name));
          t.same(lines, [], `${label(kind, name)}: nothing sent`);
          continue;
        }
        oneLine++;
        t.ok(error === undefined || (error instanceof SmartlicError && /^E_(DEVICE_COMMAND|CLI_[A-Z_]+|COMMIT_FAILED)$/.test(error.code)), `${label(kind, name)}: the device judged the line`, { error: String(error), code: (error as { code?: string } | undefined)?.code });
        t.equal(lines.filter((l) => l === value).length, 1, `${label(kind, name)}: arrived as one line`);
        if (kind === 'exec') t.same(lines, [value], `${label(kind, name)}: and nothing else`);
        t.equal(emulated.config.commits().length, commits, `${label(kind, name)}: the configuration did not change`);
      }
    }
  }
  t.ok(oneLine > 0 && tried > oneLine);
  t.equal(lab.received().netconfSessions, 0);
  // Both sessions are still usable and in exec mode.
  for (const device of cli) t.equal((await device.status()).state.registration, 'unregistered');
});


t.test('NETCONF: text that would break the XML or its framing is escaped, never markup', async (t) => {
  // Every value reaching a device is refused above before it is sent; this is the second line: what the NETCONF
  // renderer does with such text if it ever got there.
  for (const { name, value } of hostile('Tl4UytrN').filter((h) => /XML|NETCONF|quote|non-ASCII|over-long/.test(h.name))) {
    for (const platform of ['ios-xe', 'ios-xr'] as const) {
      const rpc = buildLicensingRpc(platform, { action: 'register-id-token', token: new Secret(value) });
      const xml = renderXml(rpc);
      t.notOk(xml.includes(']]>]]>'), `${name} (${platform}): no NETCONF 1.0 end marker in the message`);
      t.notOk(/<x\/>/.test(xml), `${name} (${platform}): no element from the value`);
      const back = parseXml(xml);
      t.equal(childText(back, 'id-token'), value, `${name} (${platform}): the value comes back as text`);
    }
  }
});
