/**
 * src/emulator/netconf/device-schema.ts is generated from yang/; it must match what the modules say today, and the
 * server engine must edit real device trees correctly with it.
 */
import { readFile, writeFile } from 'node:fs/promises';
import t from 'tap';
import { NetconfDevice } from '../../src/emulator/netconf/device.js';
import { DEVICE_SCHEMA_HINTS, IOS_XE_YANG_MODULES, IOS_XR_YANG_MODULES } from '../../src/emulator/netconf/device-schema.js';
import { applyEditToTree } from '../../src/emulator/netconf/edit-tree.js';
import { MemoryDatastore } from '../../src/emulator/netconf/memory-datastore.js';
import { IOS_XE_NETCONF_PROFILE } from '../../src/emulator/netconf/profiles.js';
import { SchemaIndex } from '../../src/emulator/netconf/schema.js';
import { parseXmlFragment, renderXml } from '../../src/netconf/xml.js';
import { validateXml } from '../helpers/yang.js';
import { DEVICE_SCHEMA_FILE, generateDeviceSchemaSource, parseTree } from './generate-device-schema.js';

t.test('device-schema.ts is up to date with yang/', async (t) => {
  const expected = await generateDeviceSchemaSource();
  const actual = await readFile(DEVICE_SCHEMA_FILE, 'utf8');
  if (actual !== expected && process.env['UPDATE_GOLDEN'] === '1') {
    await writeFile(DEVICE_SCHEMA_FILE, expected, 'utf8');
    t.pass('regenerated');
    return;
  }
  t.equal(actual, expected, 'stale: run `npx tsx test/yang/generate-device-schema.ts --write` and review the diff');
});

t.test('tree parsing: lists, keyless lists, leaf-lists, choices skipped, augments by their top element', async (t) => {
  const tree = [
    'module: m',
    '  +--rw top',
    '     +--rw l* [a b]',
    '     |  +--rw a    string',
    '     |  +--rw b    string',
    '     +--rw ll*   string',
    '     +--rw (c)?',
    '     |  +--:(x)',
    '     |     +--rw inner* [k]',
    '     |        +--rw k    string',
    '     +--rw p:aug* [id]',
    '     |  +--rw p:id    string',
    '     +--ro s',
    '        +--ro u*',
    '           +--ro v?   string',
    '',
    '  rpcs:',
    '    +---x r',
    '       +---w input',
    '          +---w ignored*   string',
  ].join('\n');
  t.same(parseTree(tree, new Map([['m', 'urn:m']])), {
    lists: { '{urn:m}top/l': ['a', 'b'], '{urn:m}top/inner': ['k'], '{urn:m}top/aug': ['id'], '{urn:m}top/s/u': [] },
    leafLists: ['{urn:m}top/ll'],
  });
});

t.test('edit-config on real IOS-XE trees with the generated hints', async (t) => {
  const XE = 'http://cisco.com/ns/yang/Cisco-IOS-XE-native';
  const CH = 'http://cisco.com/ns/yang/Cisco-IOS-XE-call-home';
  const CRYPTO = 'http://cisco.com/ns/yang/Cisco-IOS-XE-crypto';
  const NC = 'urn:ietf:params:xml:ns:netconf:base:1.0';
  const running = parseXmlFragment(
    `<native xmlns="${XE}"><ip><name-server><no-vrf-ordered>192.0.2.1</no-vrf-ordered></name-server></ip><call-home>` +
      `<user-profile xmlns="${CH}"><profile><profile-name>A</profile-name><active>false</active></profile></user-profile></call-home>` +
      `<crypto><pki xmlns="${CRYPTO}"><trustpoint><id>old</id><revocation-check>crl</revocation-check></trustpoint></pki></crypto></native>`,
  );
  const edit = parseXmlFragment(
    `<native xmlns="${XE}" xmlns:nc="${NC}"><ip><name-server><no-vrf-ordered>192.0.2.2</no-vrf-ordered></name-server></ip><call-home>` +
      `<user-profile xmlns="${CH}"><profile><profile-name>B</profile-name><active>false</active></profile><profile><profile-name>A</profile-name><active>true</active></profile></user-profile></call-home>` +
      `<crypto><pki xmlns="${CRYPTO}"><trustpoint nc:operation="delete"><id>old</id></trustpoint><trustpoint><id>cisco</id><revocation-check>none</revocation-check></trustpoint></pki></crypto></native>`,
  );
  const { tree } = applyEditToTree(running, edit, { schema: new SchemaIndex(DEVICE_SCHEMA_HINTS) });
  const xml = renderXml(tree);
  t.equal(
    xml,
    `<native xmlns="${XE}"><ip><name-server><no-vrf-ordered>192.0.2.1</no-vrf-ordered><no-vrf-ordered>192.0.2.2</no-vrf-ordered></name-server></ip><call-home>` +
      `<user-profile xmlns="${CH}"><profile><profile-name>A</profile-name><active>true</active></profile><profile><profile-name>B</profile-name><active>false</active></profile></user-profile></call-home>` +
      `<crypto><pki xmlns="${CRYPTO}"><trustpoint><id>cisco</id><revocation-check>none</revocation-check></trustpoint></pki></crypto></native>`,
  );
  const valid = await validateXml(xml, 'config');
  t.ok(valid.valid, `the result is a valid IOS-XE configuration: ${valid.messages.join(' | ')}`);
});

t.test('a device announcing the platform modules', async (t) => {
  const device = new NetconfDevice({ profile: IOS_XE_NETCONF_PROFILE, running: new MemoryDatastore(), modules: IOS_XE_YANG_MODULES, schema: DEVICE_SCHEMA_HINTS });
  t.ok(device.capabilities.includes('http://cisco.com/ns/yang/cisco-smart-license?module=cisco-smart-license&revision=2021-03-01'));
  t.ok(device.knowsNamespace('http://cisco.com/ns/yang/Cisco-IOS-XE-call-home'));
  t.notOk(device.knowsNamespace(IOS_XR_YANG_MODULES[0]?.namespace ?? ''), 'XR modules are not XE modules');
});
