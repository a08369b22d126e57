/**
 * Projects a typed parse result onto the fact keys of shared/corpus/README.md (values exactly as printed), so the
 * conformance test compares a case's `expect` with what the parser read. One projection per result kind; the
 * README's key conventions (`tag` inside the parentheses, `name` left out when not printed, counts as numbers
 * when made of digits …) are applied here, never in the parsers.
 */
import type {
  CallHomeProfile,
  LicenseReport,
  ParseResult,
  UdiMember,
} from '../../../src/parsers/types.js';

type Facts = Record<string, unknown>;

function put(facts: Facts, key: string, value: unknown): void {
  if (value !== undefined && value !== '') facts[key] = value;
}

function compact<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return out as Partial<T>;
}

function member(m: UdiMember & { statusRaw?: string }): Facts {
  return compact({ role: m.roleRaw, pid: m.pid, sn: m.sn, status: m.statusRaw });
}

function profile(p: CallHomeProfile): Facts {
  return compact({ name: p.name, status: p.statusRaw, mode: p.mode, reportingData: p.reportingDataRaw, transportMethod: p.transportMethodRaw });
}

function licenseFacts(r: LicenseReport): Facts {
  const f: Facts = {};
  put(f, 'licensingMode', r.licensingMode);
  put(f, 'smartLicensing', r.smartLicensing?.statusRaw);
  put(f, 'smartLicensingUsingPolicy', r.usingPolicy?.statusRaw);
  put(f, 'registrationStatus', r.registration?.statusRaw);
  put(f, 'initialRegistration', r.registration?.initialRegistration?.resultRaw);
  put(f, 'lastRenewalAttempt', r.registration?.lastRenewalAttempt?.resultRaw);
  put(f, 'registrationExpires', r.registration?.registrationExpires?.raw);
  put(f, 'authorizationStatus', r.authorization?.statusRaw);
  put(f, 'authorizationDate', r.authorization?.since?.raw);
  put(f, 'lastCommunicationAttempt', r.authorization?.lastCommunicationAttempt?.resultRaw);
  put(f, 'evaluationPeriodRemaining', r.authorization?.evaluationPeriodRemaining?.raw ?? r.evaluation?.remaining?.raw);
  put(f, 'exportControlled', r.registration?.exportControlledRaw);
  put(f, 'smartAccount', r.account?.smartAccount ?? r.registration?.smartAccount);
  put(f, 'smartAccountAsOf', r.account?.smartAccountAsOf?.raw);
  put(f, 'virtualAccount', r.account?.virtualAccount ?? r.registration?.virtualAccount);
  put(f, 'transportType', r.transport?.typeRaw);
  put(f, 'lastAckReceived', r.usageReporting?.lastAckReceived?.raw);
  put(f, 'nextAckDeadline', r.usageReporting?.nextAckDeadline?.raw);
  if (r.udi !== undefined) put(f, 'udi', compact({ pid: r.udi.pid, sn: r.udi.sn }));
  put(f, 'udiString', r.udiTable?.[0]?.udi);
  if (r.haUdiList !== undefined) put(f, 'haUdiList', r.haUdiList.map(member));
  put(f, 'agentVersion', r.agentVersion);
  if (r.entitlements !== undefined) {
    put(
      f,
      'licenses',
      r.entitlements.map((e) =>
        compact({
          name: e.name,
          tag: e.tag,
          count: e.count ?? e.countRaw,
          status: e.statusRaw,
          installed: e.installedRaw,
          expiryDate: e.expiry?.raw,
          comments: e.comments,
        }),
      ),
    );
  }
  if (r.licenseAuthorizations !== undefined) {
    put(f, 'overallStatus', r.licenseAuthorizations.overallStatus.map(member));
    if (r.licenseAuthorizations.purchasedLicenses.length > 0) put(f, 'purchasedLicenses', r.licenseAuthorizations.purchasedLicenses.join('\n'));
  }
  return f;
}

/** The README fact keys for a parse result. */
export function corpusFacts(result: ParseResult): Facts {
  const f: Facts = {};
  switch (result.kind) {
    case 'license-status':
    case 'license-all':
    case 'license-summary':
    case 'license-usage':
    case 'license-udi':
    case 'license-tech-support':
    case 'license-authorization':
      return licenseFacts(result);
    case 'call-home-profiles':
      f['profiles'] = result.profiles.map(profile);
      return f;
    case 'call-home':
      put(f, 'callHomeFeature', result.feature?.statusRaw);
      put(f, 'contactEmail', result.contactEmail);
      put(f, 'smartLicensingMessages', result.smartLicensingMessages?.statusRaw);
      put(f, 'smartLicensingProfile', result.smartLicensingMessages?.profile);
      put(f, 'smartLicensingProfileStatus', result.smartLicensingMessages?.profileStatusRaw);
      f['profiles'] = result.profiles.length > 0 ? result.profiles.map(profile) : result.profileNames;
      f['alertGroups'] = result.alertGroups;
      f['mailServers'] = result.mailServers;
      return f;
    case 'call-home-smart-licensing':
      put(f, 'smartLicenseMessages', result.messages?.statusRaw);
      put(f, 'profile', result.profile);
      put(f, 'profileStatus', result.profileStatus?.statusRaw);
      f['destinationUrls'] = result.destinationUrls;
      return f;
    case 'call-home-statistics':
      put(f, 'lastMessageSentTime', result.lastMessageSentTime);
      f['totals'] = Object.fromEntries(Object.entries(result.totals).map(([k, v]) => [k, { total: v.total, email: v.email, http: v.http }]));
      return f;
    case 'call-home-alert-groups':
      f['alertGroups'] = result.alertGroups;
      return f;
    case 'call-home-diagnostic-signature':
      put(f, 'diagnosticSignature', result.status?.statusRaw);
      put(f, 'profile', result.profile);
      put(f, 'profileStatus', result.profileStatus);
      f['downloadUrls'] = result.downloadUrls;
      f['downloadedSignatures'] = result.downloaded;
      return f;
    case 'call-home-events':
      f['events'] = result.events.map((e) => ({ profile: e.profile, alertGroup: e.alertGroup, severity: e.severity, subscription: e.subscription }));
      return f;
    case 'call-home-mail-server-status':
      f['mailServers'] = result.mailServers;
      return f;
    case 'call-home-version':
      put(f, 'callHomeVersion', result.version);
      f['components'] = result.components;
      return f;
    case 'call-home-smart-licensing-statistics':
      f['messages'] = result.messages;
      return f;
    case 'license-traditional':
      f['licenses'] = result.licenses.map((l) =>
        compact({ index: l.index, name: l.name, periodLeft: l.periodLeft, type: l.type, status: l.state, count: l.count }),
      );
      return f;
    case 'license-eventlog': {
      const first = result.events[0];
      const last = result.events[result.events.length - 1];
      if (first !== undefined) f['firstEvent'] = { timestamp: first.timestamp.raw, type: first.type };
      if (last !== undefined) f['lastEvent'] = { timestamp: last.timestamp.raw, type: last.type };
      put(f, 'message', result.message);
      return f;
    }
    case 'license-history-message':
      f['messageHistory'] = Object.fromEntries(Object.entries(result.messageHistory).map(([k, v]) => [k, v.join('\n')]));
      f['importHistory'] = Object.fromEntries(Object.entries(result.importHistory).map(([k, v]) => [k, v.join('\n')]));
      return f;
    case 'license-rum-reports':
      f['reports'] = result.reports;
      return f;
    case 'license-rum-report-detail':
      if (result.udi !== undefined) f['udi'] = compact({ pid: result.udi.pid, sn: result.udi.sn });
      put(f, 'reportId', result.reportId);
      put(f, 'metricName', result.metricName);
      put(f, 'featureName', result.featureName);
      put(f, 'previousReportId', result.previousReportId);
      put(f, 'nextReportId', result.nextReportId);
      put(f, 'state', result.state);
      put(f, 'startTime', result.startTime?.raw);
      put(f, 'endTime', result.endTime?.raw);
      put(f, 'storageState', result.storageState);
      return f;
    default: {
      // Kinds without corpus keys: the result itself, minus the envelope and line numbers.
      const { kind: _kind, command: _command, platform: _platform, capturedAt: _capturedAt, unparsed: _unparsed, ...rest } = result;
      return JSON.parse(JSON.stringify(rest, (key, value: unknown) => (key === 'line' ? undefined : value))) as Facts;
    }
  }
}

/** Keys that are Smart Licensing facts (a negative case must report none of them). */
export const SMART_LICENSING_KEYS: readonly string[] = [
  'licensingMode',
  'smartLicensing',
  'smartLicensingUsingPolicy',
  'registrationStatus',
  'authorizationStatus',
  'smartAccount',
  'virtualAccount',
  'transportType',
  'udi',
  'agentVersion',
  'licenses',
];

/**
 * Every field of `expected` must be present and equal in `actual`; arrays must have the same length and match
 * element by element. Returns the JSON pointers that differ.
 */
export function mismatches(actual: unknown, expected: unknown, pointer = ''): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${pointer || '/'}: expected an array, got ${JSON.stringify(actual)}`];
    if (actual.length !== expected.length) return [`${pointer || '/'}: expected ${expected.length} items, got ${actual.length}`];
    return expected.flatMap((e, i) => mismatches(actual[i], e, `${pointer}/${i}`));
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return [`${pointer || '/'}: expected an object, got ${JSON.stringify(actual)}`];
    }
    return Object.entries(expected).flatMap(([k, v]) => mismatches((actual as Record<string, unknown>)[k], v, `${pointer}/${k}`));
  }
  return Object.is(actual, expected) ? [] : [`${pointer || '/'}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
