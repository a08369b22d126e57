/**
 * Every example output of the three seed documents (extracted verbatim into fixtures/seeds/, see seeds.json for
 * the seed file and line range; only markdown fences, `##` heading marks and `\_` escapes were removed) parses
 * with no unparsed line, and the facts the seeds print are read as printed.
 */
import t from 'tap';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '../../src/parsers/parse.js';
import type { ParseResult } from '../../src/parsers/types.js';
import { corpusFacts, mismatches } from './helpers/corpus-facts.js';

interface SeedFixture {
  file: string;
  seed: string;
  lines: string;
  command: string;
  platform: 'ios-xe' | 'ios-xr';
}

const DIR = fileURLToPath(new URL('./fixtures/seeds/', import.meta.url));
const fixtures = JSON.parse(readFileSync(`${DIR}seeds.json`, 'utf8')) as SeedFixture[];

const OOC_CBR8 = [
  { tag: 'US_License', count: 64, status: 'AUTHORIZED' },
  { tag: 'DS_License', count: 768, status: 'AUTHORIZED' },
  { tag: 'WAN_License', count: 8, status: 'OUT OF COMPLIANCE' },
];
const NCS560_EVAL = ['ESS-AC-100G-RTU-1', 'N560-4-SYS-E-TRK', 'A900-IMA8Z-TRK', 'A900-IMA8CS1ZM-TRK'].map((tag, i) => ({
  tag,
  count: i === 2 ? 2 : 1,
  status: 'EVAL EXPIRED',
}));
const NCS560_REGISTERED = [
  { name: 'Access Essentials SW Right-to-Use v1.0 per 100G', tag: 'ESS-AC-100G-RTU-1', count: 1, status: 'OUT OF COMPLIANCE' },
  { name: 'Tracking PID for N560-4-SYS-E Vortex ATO', tag: 'N560-4-SYS-E-TRK', count: 1, status: 'AUTHORIZED' },
  { name: 'Tracking PID for ASR 900 8-port 10GE Interface Module', tag: 'A900-IMA8Z-TRK', count: 2, status: 'AUTHORIZED' },
  { name: 'Tracking PID for ASR 900 8/16-port 1GE + 1-port 10GE Interface Module', tag: 'A900-IMA8CS1ZM-TRK', count: 1, status: 'AUTHORIZED' },
];

/** Facts per fixture (README fact keys for license outputs), with the seed lines they come from. */
const EXPECT: Record<string, Record<string, unknown>> = {
  // 000:545-603
  '000-cbr8/show-license-all.545-603.txt': {
    licensingMode: 'classic', smartLicensing: 'ENABLED', registrationStatus: 'REGISTERED', virtualAccount: 'auto-test-1',
    initialRegistration: 'SUCCEEDED', lastRenewalAttempt: 'None', registrationExpires: 'Never',
    authorizationStatus: 'OUT OF COMPLIANCE', authorizationDate: 'Mar  5 03:34:54 2015 UTC', lastCommunicationAttempt: 'SUCCEEDED',
    udi: { pid: 'CBR-8-CCAP-CHASS', sn: 'FXS1739Q0NT' },
    haUdiList: [{ role: 'Active', pid: 'CBR-8-CCAP-CHASS', sn: 'FXS1739Q0NT' }, { role: 'Standby', pid: 'CBR-8-CCAP-CHASS', sn: 'FXS1739Q0NT' }],
    agentVersion: '1.2.1_throttle/5', licenses: OOC_CBR8,
  },
  '000-cbr8/show-license-status.612-631.txt': {
    licensingMode: 'classic', registrationStatus: 'REGISTERED', authorizationStatus: 'OUT OF COMPLIANCE', registrationExpires: 'Never',
  },
  '000-cbr8/show-license-summary.639-660.txt': {
    registrationStatus: 'REGISTERED', authorizationStatus: 'OUT OF COMPLIANCE', lastCommunicationAttempt: 'SUCCEEDED', licenses: OOC_CBR8,
  },
  '000-cbr8/show-license-tech-support.668-904.txt': {
    licensingMode: 'classic', registrationStatus: 'REGISTERED', authorizationStatus: 'OUT OF COMPLIANCE',
    evaluationPeriodRemaining: '89 days, 23 hours, 25 minutes, 40 seconds', agentVersion: '1.2.1_throttle/5',
    licenses: [
      { tag: 'regid.2014-11.com.cisco.US_License,1.0_a3f32909-2c71-426c-b3e0-eeefc946f9b3', count: 64, status: 'AUTHORIZED(3)' },
      { tag: 'regid.2014-11.com.cisco.DS_License,1.0_71ad0ae1-5e5e-4f02-b380-d2e1b8dcfa03', count: 768, status: 'AUTHORIZED(3)' },
      { tag: 'regid.2014-11.com.cisco.WAN_License,1.0_3d8bb7ba-1a92-4f01-a4aa-a4479f1d7612', count: 8, status: 'OUT OF COMPLIANCE(4)' },
    ],
  },
  '000-cbr8/show-license-udi.911-917.txt': { udi: { pid: 'CBR-8-CCAP-CHASS', sn: 'FXS1739Q0NT' } },
  '000-cbr8/show-license-usage.925-946.txt': { authorizationStatus: 'OUT OF COMPLIANCE', licenses: OOC_CBR8 },
  // 001 (NCS 560)
  '001-ncs560/show-license-all.564-639.txt': {
    licensingMode: 'classic', registrationStatus: 'UNREGISTERED', exportControlled: 'NOT ALLOWED', authorizationStatus: 'EVAL EXPIRED',
    authorizationDate: 'Jul 31 2019 10:11:28 UTC', transportType: 'Callhome', udi: { pid: 'NCS560-4', sn: 'FOX2305P81D' },
    agentVersion: '4.9.6_rel/41', licenses: NCS560_EVAL,
  },
  '001-ncs560/show-license-usage.644-682.txt': { authorizationStatus: 'EVAL EXPIRED', licenses: NCS560_EVAL },
  '001-ncs560/show-license-summary.687-720.txt': { registrationStatus: 'UNREGISTERED', authorizationStatus: 'EVAL EXPIRED', licenses: NCS560_EVAL },
  '001-ncs560/show-license-status.725-784.txt': {
    registrationStatus: 'UNREGISTERED', exportControlled: 'NOT ALLOWED', authorizationStatus: 'EVAL EXPIRED', transportType: 'Callhome',
  },
  '001-ncs560/show-license-all.800-887.txt': {
    registrationStatus: 'REGISTERED', smartAccount: 'Forty-Two uLtd.', virtualAccount: 'IOSXR', exportControlled: 'ALLOWED',
    registrationExpires: 'Jul 01 2021 07:01:42 UTC', authorizationStatus: 'OUT OF COMPLIANCE', licenses: NCS560_REGISTERED,
  },
  '001-ncs560/show-license-usage.891-926.txt': { authorizationStatus: 'OUT OF COMPLIANCE', licenses: NCS560_REGISTERED },
  '001-ncs560/show-license-summary.935-960.txt': {
    smartAccount: 'Forty-Two uLtd.',
    licenses: [
      { name: 'Access Essentials SW...', tag: 'ESS-AC-100G-RTU-1', count: 1, status: 'OUT OF COMPLIANCE' },
      { name: 'Tracking PID for N56...', tag: 'N560-4-SYS-E-TRK', count: 1, status: 'AUTHORIZED' },
      { name: 'Tracking PID for ASR...', tag: 'A900-IMA8Z-TRK', count: 2, status: 'AUTHORIZED' },
      { name: 'Tracking PID for ASR...', tag: 'A900-IMA8CS1ZM-TRK', count: 1, status: 'AUTHORIZED' },
    ],
  },
  '001-ncs560/show-license-status.967-1003.txt': {
    registrationStatus: 'REGISTERED', initialRegistration: 'SUCCEEDED', authorizationStatus: 'OUT OF COMPLIANCE',
    authorizationDate: 'Jul 01 2020 07:14:38 UTC', transportType: 'Callhome',
  },
  // 004 (NCS 1004)
  '004-ncs1004/show-license-all.290-391.txt': {
    registrationStatus: 'REGISTERED', smartAccount: 'BU Production Test', virtualAccount: 'NCS1000', authorizationStatus: 'AUTHORIZED',
    udi: { sn: 'CAT2249B009' }, agentVersion: '4.13.32_rel/85',
    licenses: [
      { name: 'NCS1K4 - Subsea - 1.2T Line Card', tag: 'S_NCS1K4_SUBSEA', count: 3, status: 'AUTHORIZED' },
      { name: 'NCS1K4 smart license - one QSFP28 client', tag: 'S-NCS1K4-LIC-100G=', count: 18, status: 'AUTHORIZED' },
      { name: 'NCS1K4 smart license - one QSFP28 client with encryption', tag: 'S-NCS1K4-LIC-100X=', count: 2, status: 'AUTHORIZED' },
      { name: 'NCS1K4 - Long Haul - 1.2T Line Card', tag: 'S_NCS1K4_LONGHAUL', count: 2, status: 'AUTHORIZED' },
    ],
  },
  '004-ncs1004/show-license-status.439-458.txt': {
    initialRegistration: 'SUCCEEDED', registrationExpires: 'Tue Feb 11 2020 15:46:59 IST', authorizationStatus: 'AUTHORIZED',
    authorizationDate: 'Mon Feb 11 2019 15:53:40 IST',
  },
  '004-ncs1004/show-license-usage.466-482.txt': {
    authorizationStatus: 'AUTHORIZED',
    licenses: [
      { tag: 'S-NCS1K4-LIC-100G=', count: 8, status: 'AUTHORIZED' },
      { tag: 'S-NCS1K4-LIC-100X=', count: 8, status: 'AUTHORIZED' },
    ],
  },
  '004-ncs1004/show-license-udi.490-494.txt': { udi: { sn: 'CAT2231B18Y' } },
  '004-ncs1004/show-license-usage.542-551.txt': { licenses: [{ tag: 'S_NCS1K4_SUBSEA', count: 1, status: 'AUTHORIZED' }] },
  '004-ncs1004/show-license-usage.586-594.txt': { licenses: [{ tag: 'S_NCS1K4_LONGHAUL', count: 2, status: 'AUTHORIZED' }] },
  '004-ncs1004/show-license-all.767-831.txt': {
    registrationStatus: 'REGISTERED', authorizationStatus: 'AUTHORIZED', agentVersion: '4.10.4_rel/21',
    licenses: [{ name: 'NCS 1K4 smart License - 100Gbps of client bandwidth', tag: 'S-NCS1K4-100G-CL=', count: 1, status: 'Authorized' }],
  },
  '004-ncs1004/show-license-summary.897-930.txt': {
    registrationStatus: 'REGISTERED', authorizationStatus: 'AUTHORIZED',
    licenses: [{ name: 'NCS1K4 - QDD TXP Trunk', tag: 'S_N1K4_LIC_TRK', count: 2, status: 'AUTHORIZED' }],
  },
};

function parseFixture(f: SeedFixture): ParseResult {
  const text = readFileSync(`${DIR}${f.file}`, 'utf8');
  const command = f.command === 'show controllers optics' ? 'show controllers optics 0/1/0/1' : f.command;
  return parse(command, text, { platform: f.platform });
}

for (const f of fixtures) {
  t.test(`${f.seed}:${f.lines} ${f.command}`, async (t) => {
    const result = parseFixture(f);
    t.same(result.unparsed, [], 'no unparsed lines');
    const expect = EXPECT[f.file];
    if (expect !== undefined) t.same(mismatches(corpusFacts(result), expect), [], 'seed facts');
  });
}

const byFile = (suffix: string): ParseResult => parseFixture(fixtures.find((f) => f.file.endsWith(suffix))!);

t.test('dates from the seeds are normalised to UTC', async (t) => {
  const all = byFile('show-license-all.290-391.txt');
  if (all.kind !== 'license-all') throw new Error(all.kind);
  // 004:305 `Jun 21 2021 12:40:52 IST` (IST = UTC+05:30)
  t.equal(all.registration?.initialRegistration?.at?.iso, '2021-06-21T07:10:52Z');
  t.equal(all.authorization?.communicationDeadline?.iso, '2021-12-08T06:10:41Z');
  const status = byFile('show-license-status.439-458.txt');
  if (status.kind !== 'license-status') throw new Error(status.kind);
  // 004:443 `Mon Feb 11 2019 15:51:10 IST`, printed without its `Registration:` header in the seed
  t.equal(status.registration?.initialRegistration?.at?.iso, '2019-02-11T10:21:10Z');
  t.equal(status.registration?.initialRegistration?.at?.raw, 'Mon Feb 11 2019 15:51:10 IST');
  const cbr = byFile('show-license-all.545-603.txt');
  if (cbr.kind !== 'license-all') throw new Error(cbr.kind);
  t.equal(cbr.registration?.neverExpires, true);
  t.equal(cbr.registration?.nextRenewalAttempt?.iso, '2015-09-01T02:03:51Z');
});

t.test('tech support: evaluation, scheduled jobs, certificates, agent state (000:668-904)', async (t) => {
  const r = byFile('show-license-tech-support.668-904.txt');
  if (r.kind !== 'license-tech-support') throw new Error(r.kind);
  t.equal(r.evaluation?.mode, 'not-in-use');
  t.equal(r.evaluation?.remaining?.ms, ((89 * 24 + 23) * 3600 + 25 * 60 + 40) * 1000);
  t.same(
    r.scheduledJobs?.map((j) => [j.name, j.at?.iso ?? j.note]),
    [
      ['Current time', '2015-03-05T03:37:46Z'],
      ['IdCert Expiration Warning', '2016-01-04T02:00:41Z'],
      ['Daily', '2015-03-06T03:21:11Z'],
      ['Certificate Renewal', '2015-09-01T02:03:51Z'],
      ['Certificate Expiration Check', '2016-03-04T02:00:41Z'],
      ['Authorization Renewal', '2015-03-05T15:35:57Z'],
      ['Authorization Expiration Check', '2015-06-03T03:32:51Z'],
      ['Init Flag Check', 'Not Available'],
    ],
  );
  t.equal(r.certificates?.idCertificate?.expiry?.iso, '2016-03-04T01:57:54Z');
  t.equal(r.certificates?.piid, '36bf91ae-0577-4213-9e62-1b6ee0add02f');
  t.equal(r.agentState, 'OOC');
  t.equal(r.entitlements?.[0]?.shortTag, 'US_License');
  t.equal(r.entitlements?.[2]?.status, 'out-of-compliance');
  t.equal(r.entitlements?.[2]?.statusCode, 4);
  t.equal(r.componentVersions, 'SA:(1_2_1_throttle)1.1.0, SI:(rel20)1.0.1, CH:(rel4)1.0.15, PK:(rel16)1.0.7');
});

t.test('call-home profiles (000:57-90, 001:521-555)', async (t) => {
  const tac = byFile('show-call-home-profile-ciscotac-1.57-90.txt');
  if (tac.kind !== 'call-home-profiles') throw new Error(tac.kind);
  t.equal(tac.command, 'show call-home profile CiscoTAC-1');
  const p = tac.profiles[0]!;
  t.equal(p.name, 'CiscoTAC-1');
  t.equal(p.status, 'active');
  t.equal(p.mode, 'Anonymous Reporting Only');
  t.equal(p.reportsSmartLicensing, true);
  t.same(p.transportMethods, ['http']);
  t.same(p.httpAddresses, ['https://tools.cisco.com/its/service/oddce/services/DDCEService']);
  t.same(p.emailAddresses, ['callhome@cisco.com']);
  t.equal(p.messageSizeLimitBytes, 3145728);
  t.same(p.syslogPatterns, [{ pattern: '.*', severity: 'major' }]);
  t.equal(tac.capturedAt?.iso, '2015-10-29T23:49:35.525Z');
  const tg = byFile('show-call-home-profile-all.521-555.txt');
  if (tg.kind !== 'call-home-profiles') throw new Error(tg.kind);
  t.same(tg.profiles[0]!.httpAddresses, ['http://10.30.110.38/Transportgateway/services/RouterRequestHandler']);
  t.same(tg.profiles[0]!.otherAddresses, ['default']);
});

t.test('smart-licensing statistics in the GMT-06:00 column zone (000:992-1004)', async (t) => {
  const r = byFile('show-call-home-smart-licensing-statistics.992-1004.txt');
  if (r.kind !== 'call-home-smart-licensing-statistics') throw new Error(r.kind);
  t.same(
    r.messages.map((m) => [m.subtype, m.success, m.failed, m.inqueue, m.dropped, m.lastSent?.iso]),
    [
      ['REGISTRATION', 1, 0, 0, 0, '2015-03-13T19:12:13Z'],
      ['ACKNOWLEDGEMENT', 1, 0, 0, 0, '2015-03-13T19:12:20Z'],
      ['ENTITLEMENT', 5, 0, 0, 0, '2015-03-13T19:22:18Z'],
    ],
  );
});

t.test('cable license D3.1 (000:1015-1024)', async (t) => {
  const r = byFile('show-cable-license-all.1015-1024.txt');
  if (r.kind !== 'cable-license') throw new Error(r.kind);
  t.same(r.entitlements, [
    { entitlement: 'DOCSIS 3.1 Downstream Channel License', details: {}, consumedCount: 31, consumedCountReported: 0, enforcedStateRaw: 'No Enforcement', enforced: false },
  ]);
});

t.test('NCS 560 platform summary: SIA status and consumption (001:123-178)', async (t) => {
  const table: Array<[string, string, number | null, number]> = [
    ['show-license-platform-summary.123-136.txt', 'in-compliance', null, 3],
    ['show-license-platform-summary.141-157.txt', 'out-of-compliance', 90 * 86_400_000, 2],
    ['show-license-platform-summary.163-178.txt', 'out-of-compliance-grace-expired', null, 2],
  ];
  for (const [file, sia, grace, rows] of table) {
    const r = byFile(file);
    if (r.kind !== 'license-platform-summary') throw new Error(r.kind);
    t.equal(r.sia?.status, sia, file);
    t.equal(r.sia?.graceRemaining?.ms ?? null, grace, file);
    t.equal(r.entries.length, rows, file);
    t.equal(r.collection?.last?.iso?.slice(0, 10), '2021-01-25', file);
  }
  const first = byFile('show-license-platform-summary.123-136.txt');
  if (first.kind !== 'license-platform-summary') throw new Error(first.kind);
  t.same(first.entries[1], { area: 'FCM', entitlement: 'Total A900-IMA8Z LCs in the system', countLast: 2, countNext: 0 });
});

t.test('NCS 1004 platform detail (004:400-430)', async (t) => {
  const r = byFile('show-license-platform-detail.400-430.txt');
  if (r.kind !== 'license-platform-detail') throw new Error(r.kind);
  t.equal(r.currentState?.status, 'registered');
  t.same(r.parameters, { collectionIntervalMinutes: 60, reportingIntervalMinutes: 1440, throughputGaugeKbps: 1000000 });
  t.equal(r.reporting?.next?.iso, '2019-02-12T10:27:53Z');
  t.same(
    r.features[0]!.entitlements.map((e) => [e.index, e.shortTag, e.lastReported, e.nextReport]),
    [
      [1, 'S-NCS1K4-LIC-100G=', 8, 0],
      [2, 'S-NCS1K4-LIC-100X=', 8, 0],
    ],
  );
});

t.test('sync-loss syslog messages (004:627-677)', async (t) => {
  const renew = byFile('show-logging.627-647.txt');
  if (renew.kind !== 'logging') throw new Error(renew.kind);
  t.equal(renew.messages.length, 1);
  t.same(renew.messages[0]!.id, { raw: 'LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED', facility: 'LICENSE-SMART_LIC', severity: 3, mnemonic: 'AUTH_RENEW_FAILED' });
  t.match(renew.messages[0]!.text, /Data and signature do not match for udi PID:8812,SN:FOX2202WIVM$/);
  t.equal(renew.messages[0]!.node, 'RP/0/RP0/CPU0');
  t.equal(renew.messages[0]!.process, 'smartlicserver[311]');
  const dereg = byFile('show-logging.661-677.txt');
  if (dereg.kind !== 'logging') throw new Error(dereg.kind);
  t.equal(dereg.messages[0]!.id.mnemonic, 'AGENT_DEREG_FAILED');
  t.match(dereg.messages[0]!.text, /Agent received a failure status in a response message/);
});

t.test('NCS 1004 optics and mxponder (004:569, 004:732-758, 004:870-888)', async (t) => {
  const optics = byFile('show-controllers-optics.569-569.txt');
  if (optics.kind !== 'controllers-optics') throw new Error(optics.kind);
  t.equal(optics.bitsPerSymbol, 3);
  t.equal(optics.port, '0/1/0/1');
  const otn = byFile('show-hw-module-location-0-1-mxponder.732-758.txt');
  if (otn.kind !== 'hw-module-mxponder') throw new Error(otn.kind);
  t.equal(otn.slices.length, 1);
  t.equal(otn.slices[0]!.provisioned, true);
  t.equal(otn.slices[0]!.clientPorts.length, 10);
  t.same(otn.slices[0]!.trunkPorts, ['OTU40/1/0/0']);
  const qxp = byFile('show-hw-module-location-0-1-mxponder-slice-0.870-888.txt');
  if (qxp.kind !== 'hw-module-mxponder') throw new Error(qxp.kind);
  t.equal(qxp.slices[0]!.trunkBitrate, '400G');
  t.same(qxp.slices[0]!.clientPorts, [{ port: 'FourHundredGigECtrlr0/1/0/1', trafficSplitPercent: 100 }]);
});
