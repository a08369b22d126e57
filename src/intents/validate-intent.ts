/**
 * `validateIntent(value, platform?)`: the shipped JSON Schema (schemas/intent.schema.json), then every value that
 * ends up in a CLI line checked for its syntax (cli-values.ts), then what the schema cannot say (one deployment
 * mode, settings that only mean something together) and, given a platform, what that platform supports. One
 * issue per bad field, each with a JSON pointer; nothing is sent to a device before this passes.
 */
import { InvalidIntentError, type FieldIssue } from '../errors.js';
import type { PlatformId } from '../platforms/types.js';
import { validateAgainstSchema } from '../schema/validate.js';
import { parseCaCertificate } from './ca-certificate.js';
import { checkEmail, checkHost, checkHostName, checkHttpUrl, checkInterfaceName, checkIpAddress, checkName, checkPort } from './cli-values.js';
import { CISCO_TAC_PROFILE, type LicensingIntent } from './types.js';

type Json = Record<string, unknown>;

function objectAt(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

const DEPLOYMENT_MODES = ['direct', 'httpProxy', 'onPrem', 'transportGateway'] as const;

class Issues {
  readonly list: FieldIssue[] = [];
  add(pointer: string, message: string): void {
    if (!this.list.some((i) => i.pointer === pointer && i.message === message)) this.list.push({ pointer, message });
  }
  /** Checks `obj[key]` with `check` when it is a string. */
  text(obj: Json | undefined, key: string, pointer: string, check: (v: string) => string | null): void {
    const v = obj?.[key];
    if (typeof v !== 'string') return;
    const problem = check(v);
    if (problem !== null) this.add(`${pointer}/${key}`, problem);
  }
}

function fieldIssues(root: Json, issues: Issues): void {
  const dns = objectAt(root['dns']);
  if (dns !== undefined) {
    const servers = dns['nameServer'];
    if (Array.isArray(servers)) {
      servers.forEach((s, i) => {
        if (typeof s !== 'string') return;
        const problem = checkIpAddress(s);
        if (problem !== null) issues.add(`/dns/nameServer/${i}`, problem);
      });
    }
    issues.text(dns, 'vrf', '/dns', (v) => checkName(v, 32));
    issues.text(dns, 'domainName', '/dns', checkHostName);
  }

  const callHome = objectAt(root['callHome']);
  if (callHome !== undefined) {
    issues.text(callHome, 'contactEmail', '/callHome', checkEmail);
    const profile = objectAt(callHome['profile']);
    issues.text(profile, 'name', '/callHome/profile', (v) => checkName(v, 31));
    for (const mode of DEPLOYMENT_MODES) issues.text(objectAt(callHome[mode]), 'url', `/callHome/${mode}`, checkHttpUrl);
    const proxy = objectAt(callHome['httpProxy']);
    issues.text(proxy, 'address', '/callHome/httpProxy', checkHost);
    if (typeof proxy?.['port'] === 'number') {
      const problem = checkPort(proxy['port']);
      if (problem !== null) issues.add('/callHome/httpProxy/port', problem);
    }
    const modes = DEPLOYMENT_MODES.filter((m) => callHome[m] !== undefined);
    if (modes.length !== 1) {
      issues.add(
        '/callHome',
        modes.length === 0
          ? 'needs a deployment mode: one of direct, httpProxy, onPrem, transportGateway'
          : `has ${modes.join(' and ')}; exactly one deployment mode may be given`,
      );
    }
    const name = typeof profile?.['name'] === 'string' ? profile['name'] : CISCO_TAC_PROFILE;
    if (callHome['defaultProfile'] !== undefined && name === CISCO_TAC_PROFILE) {
      issues.add('/callHome/defaultProfile', `applies only while a custom profile (profile/name other than ${CISCO_TAC_PROFILE}) reports Smart Licensing data`);
    }
  }

  const trustpoint = objectAt(objectAt(root['trust'])?.['trustpoint']);
  if (trustpoint !== undefined) {
    issues.text(trustpoint, 'name', '/trust/trustpoint', (v) => checkName(v, 64));
    issues.text(trustpoint, 'caCertificatePem', '/trust/trustpoint', (v) => {
      try {
        parseCaCertificate(v);
        return null;
      } catch (error) {
        return (error as Error).message;
      }
    });
  }

  const httpClient = objectAt(root['httpClient']);
  issues.text(httpClient, 'sourceInterfaceIpv4', '/httpClient', checkInterfaceName);
  issues.text(httpClient, 'sourceInterfaceIpv6', '/httpClient', checkInterfaceName);
}

function platformIssues(root: Json, platform: PlatformId, issues: Issues): void {
  const trust = objectAt(root['trust']);
  const callHome = objectAt(root['callHome']);
  if (platform === 'ios-xe') {
    if (trust?.['trustpool'] !== undefined) issues.add('/trust/trustpool', 'is IOS-XR configuration (crypto ca); IOS-XE uses trust/trustpoint');
    if (callHome?.['contactSmartLicensing'] !== undefined) issues.add('/callHome/contactSmartLicensing', 'is IOS-XR configuration (contact smart-licensing)');
    if (root['flexibleConsumption'] !== undefined) issues.add('/flexibleConsumption', 'is IOS-XR configuration (license smart flexible-consumption enable)');
    const httpClient = objectAt(root['httpClient']);
    const v4 = httpClient?.['sourceInterfaceIpv4'];
    const v6 = httpClient?.['sourceInterfaceIpv6'];
    if (typeof v4 === 'string' && typeof v6 === 'string' && v4 !== v6) {
      issues.add(
        '/httpClient/sourceInterfaceIpv6',
        'IOS-XE has one HTTP client source interface for both address families (ip http client source-interface): name the same interface as sourceInterfaceIpv4, or only one',
      );
    }
  } else {
    if (trust?.['trustpoint'] !== undefined) issues.add('/trust/trustpoint', 'is IOS-XE configuration (crypto pki trustpoint); IOS-XR uses trust/trustpool');
    const profile = objectAt(callHome?.['profile']);
    if (profile?.['reportingSmartLicensingData'] === false && (profile['name'] ?? CISCO_TAC_PROFILE) === CISCO_TAC_PROFILE) {
      // [INF] IOS-XR keeps no `no reporting smart-licensing-data` line: CiscoTAC-1 reports whenever it is active.
      issues.add('/callHome/profile/reportingSmartLicensingData', `IOS-XR's ${CISCO_TAC_PROFILE} reports Smart Licensing data whenever it is active: set profile/active to false instead`);
    }
  }
}

/** Every problem of an intent, one per bad field (empty when it is valid). */
export function intentIssues(value: unknown, platform?: PlatformId): FieldIssue[] {
  const schema = validateAgainstSchema('intent', value);
  const root = objectAt(value);
  if (root === undefined) return schema;
  const own = new Issues();
  fieldIssues(root, own);
  if (platform !== undefined) platformIssues(root, platform, own);
  // Our own sentence replaces the schema's for the same value (pattern, length, the deployment oneOf).
  const mine = new Set(own.list.map((i) => i.pointer));
  return [...schema.filter((i) => !mine.has(i.pointer)), ...own.list];
}

/** The intent, typed, or `InvalidIntentError` (`E_INVALID_INTENT`) listing every bad field. */
export function validateIntent(value: unknown, platform?: PlatformId): LicensingIntent {
  const issues = intentIssues(value, platform);
  if (issues.length > 0) throw new InvalidIntentError(issues);
  return value as LicensingIntent;
}
