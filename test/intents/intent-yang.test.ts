/**
 * The TypeScript type, the JSON Schema and yang/smartlic-licensing-intent.yang describe one tree: intents valid
 * for the schema, renamed to YANG (camelCase → kebab-case), validate with yanglint, and the schema has no
 * property the YANG module lacks.
 */
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { loadSchema } from '../../src/schema/validate.js';
import { intentIssues } from '../../src/intents/validate-intent.js';
import type { LicensingIntent } from '../../src/intents/types.js';
import { validateXml } from '../helpers/yang.js';
import { makeCaPem } from './helpers/certificate.js';

const INTENT_NS = 'urn:smartlic:params:xml:ns:yang:smartlic-licensing-intent';
const FIXTURES = ['direct', 'http-proxy', 'on-prem', 'transport-gateway'];

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The intent as YANG XML instance data (leaf-lists repeat the element). */
function toXml(value: unknown, name: string): string {
  if (Array.isArray(value)) return value.map((v) => toXml(v, name)).join('');
  if (value !== null && typeof value === 'object') {
    const body = Object.entries(value)
      .filter(([k]) => k !== '$schema')
      .map(([k, v]) => toXml(v, kebab(k)))
      .join('');
    return `<${name}>${body}</${name}>`;
  }
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function intentXml(intent: LicensingIntent): string {
  return toXml(intent, 'licensing-intent').replace('<licensing-intent>', `<licensing-intent xmlns="${INTENT_NS}">`);
}

/** Every property path of the schema (`callHome/httpProxy/port`), following `$ref`s. */
function schemaPaths(schema: Record<string, unknown>): string[] {
  const definitions = schema['definitions'] as Record<string, Record<string, unknown>>;
  const paths: string[] = [];
  const walk = (node: Record<string, unknown>, prefix: string): void => {
    const ref = node['$ref'];
    if (typeof ref === 'string') return walk(definitions[ref.replace('#/definitions/', '')] ?? {}, prefix);
    const props = node['properties'] as Record<string, Record<string, unknown>> | undefined;
    for (const [key, child] of Object.entries(props ?? {})) {
      if (key === '$schema') continue;
      const path = prefix === '' ? key : `${prefix}/${key}`;
      paths.push(path);
      walk(child, path);
    }
  };
  walk(schema, '');
  return paths.sort();
}

function valuePaths(value: unknown, prefix = ''): string[] {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const path = prefix === '' ? k : `${prefix}/${k}`;
    return [path, ...valuePaths(v, path)];
  });
}

/** One intent with every property the schema has (both trust forms, both source interfaces). */
const EVERYTHING: LicensingIntent = {
  dns: { nameServer: ['198.51.100.53', '2001:db8::53'], vrf: 'Mgmt-intf', domainName: 'example.net', lookup: true },
  callHome: {
    serviceActive: true,
    contactEmail: 'ops@example.net',
    contactSmartLicensing: true,
    profile: { name: 'Custom-Profile-1', active: true, reportingSmartLicensingData: true, transportMethod: 'http', emailTransport: false, preferredMessageFormat: 'xml' },
    defaultProfile: { active: false, emailTransport: false },
    httpProxy: { address: 'proxy.example.net', port: 3128, url: 'https://tools.cisco.com/its/service/oddce/services/DDCEService' },
    defaultAddress: true,
  },
  trust: {
    trustpoint: { name: 'cisco', enrollmentTerminal: true, revocationCheck: 'none', caCertificatePem: makeCaPem() },
    trustpool: { form: 'trustpool-policy', crlOptional: true },
  },
  httpClient: { sourceInterfaceIpv4: 'Loopback0', sourceInterfaceIpv6: 'Loopback0' },
  flexibleConsumption: { enable: true },
};

t.test('the intent with every property is valid JSON and valid YANG', async (t) => {
  t.same(intentIssues(EVERYTHING), []);
  const result = await validateXml(intentXml(EVERYTHING), 'config');
  t.ok(result.valid, result.messages.join(' | ') || 'valid');
  const schemaOnly = schemaPaths(loadSchema('intent')).filter((p) => !valuePaths(EVERYTHING).includes(p) && !/^callHome\/(?:direct|onPrem|transportGateway)/.test(p));
  t.same(schemaOnly, [], 'the example covers every schema property (other deployment modes below)');
});

t.test('each deployment mode example is valid JSON and valid YANG', async (t) => {
  for (const name of FIXTURES) {
    const intent = JSON.parse(await readFile(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8')) as LicensingIntent;
    t.same(intentIssues(intent), [], `${name}: schema`);
    const result = await validateXml(intentXml(intent), 'config');
    t.ok(result.valid, `${name}: yanglint ${result.messages.join(' | ') || 'valid'}`);
  }
});

t.test('YANG refuses what the schema refuses: a property that is not in the model', async (t) => {
  const odd = { callHome: { direct: {}, colour: 'red' } };
  t.same(intentIssues(odd).map((i) => i.pointer), ['/callHome/colour']);
  const result = await validateXml(intentXml(odd as unknown as LicensingIntent), 'config');
  t.notOk(result.valid, 'yanglint refuses it too');
});
