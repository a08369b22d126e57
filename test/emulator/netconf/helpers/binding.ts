/**
 * Helpers for binding tests: fixtures (a configuration and the XML the binding must make of it), XML comparison,
 * and a datastore over a fresh emulated device.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Test } from 'tap';
import { NetconfRpcError } from '../../../../src/errors.js';
import { startDevice } from '../../../../src/emulator/device/device.js';
import { generateHostKeys } from '../../../../src/emulator/device/host-key.js';
import type { DeviceModel } from '../../../../src/inventory/types.js';
import type { EmulatedDevice } from '../../../../src/emulator/device/types.js';
import { parseXmlFragment, renderXml, xmlEqual, type XmlNode } from '../../../../src/netconf/xml.js';

export const hostKeys = generateHostKeys();

export function fixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), 'utf8');
}

export function fixtureXml(name: string): XmlNode[] {
  return parseXmlFragment(fixture(name), name);
}

/** Order-sensitive structural comparison, with both sides rendered in the failure message. */
export function sameXml(t: Test, actual: readonly XmlNode[], expected: readonly XmlNode[], message: string): void {
  const equal = actual.length === expected.length && actual.every((node, i) => xmlEqual(node, expected[i] as XmlNode));
  t.ok(equal, message, equal ? {} : { found: renderXml(actual), wanted: renderXml(expected) });
}

export async function device(t: Test, model: DeviceModel, config?: string): Promise<EmulatedDevice> {
  const d = await startDevice({ model }, { hostKeys });
  t.teardown(() => d.close());
  if (config !== undefined) {
    const result = d.config.apply(config);
    if (!result.ok) throw new Error(`fixture configuration refused: ${result.rejected.map((r) => r.message).join('; ')}`);
  }
  return d;
}

/** Runs `fn`, expecting a NetconfRpcError; returns its errors as {tag, path, message, appTag}. */
export function rpcErrors(fn: () => unknown): { tag: string; path: string | undefined; message: string | undefined; appTag: string | undefined; type: string }[] {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof NetconfRpcError)) throw error;
    return error.errors.map((e) => ({ tag: e.tag, path: e.path, message: e.message, appTag: e.appTag, type: e.type }));
  }
  throw new Error('expected a NetconfRpcError');
}
