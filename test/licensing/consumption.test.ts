import t from 'tap';
import { InvalidArgumentError } from '../../src/errors.js';
import { lchaLicenses } from '../../src/licensing/cbr8-consumption.js';
import {
  clientPortLicenses,
  isSubseaOpticsSetting,
  ncs1004Consumption,
  NCS1004_ENTITLEMENTS,
  otnXpLicenses,
  qxpTrunkLicenses,
  subseaReasons,
  SUBSEA_OPTICS_SETTINGS,
  trunkLicense,
} from '../../src/licensing/ncs1004-consumption.js';
import {
  chassisTrackingPid,
  componentTrackingPid,
  l3vpnLicense,
  ncs560Consumption,
  rtuLicense,
  siaRequirement,
} from '../../src/licensing/ncs560-consumption.js';

const ports = (n: number, encrypted = 0) => Array.from({ length: n }, (_, i) => ({ rateGbps: 100, encrypted: i >= n - encrypted }));

t.test('NCS 1004 1.2T client ports: up to 4 × 100GE free, then one per port (004:142)', async (t) => {
  const table: Array<[number, number, number, number]> = [
    // [ports, encrypted among them (last ones), 100G, 100X]
    [0, 0, 0, 0],
    [1, 0, 0, 0],
    [4, 0, 0, 0],
    [5, 0, 1, 0],
    [12, 0, 8, 0],
    [12, 2, 6, 2],
    [6, 3, 0, 2],
  ];
  for (const [n, enc, g, x] of table) {
    const r = clientPortLicenses('NCS1K4-1.2T-L-K9', ports(n, enc));
    t.same([r['S-NCS1K4-LIC-100G='], r['S-NCS1K4-LIC-100X=']], [g, x], `${n} ports, ${enc} encrypted`);
  }
  t.same(clientPortLicenses('NCS1K4-1.2T-K9', ports(12)), { 'S-NCS1K4-LIC-100G=': 0, 'S-NCS1K4-LIC-100X=': 0 }, 'high-cost PID: no smart licensing (004:118)');
  t.same(clientPortLicenses('NCS1K4-1.2T-L-K9', [...ports(4), { rateGbps: 10 }, { rateGbps: 100 }]), { 'S-NCS1K4-LIC-100G=': 1, 'S-NCS1K4-LIC-100X=': 0 }, 'only 100GE ports count');
  t.throws(() => clientPortLicenses('NCS1K4-OTN-XPL', ports(5)), InvalidArgumentError);
  t.throws(() => clientPortLicenses('NCS-FOO', ports(5)), InvalidArgumentError);
});

t.test('NCS 1004 trunks: subsea vs long haul, boundaries as the seed states (004:510-579)', async (t) => {
  const table: Array<[string, Parameters<typeof trunkLicense>[0], string | null]> = [
    ['bps 0.99', { bitsPerSymbol: 0.99 }, null],
    ['bps 1 (subsea lower bound included)', { bitsPerSymbol: 1 }, 'subsea'],
    ['bps 1.5', { bitsPerSymbol: 1.5 }, 'subsea'],
    ['bps 1.9999', { bitsPerSymbol: 1.9999 }, 'subsea'],
    ['bps 2 (subsea excludes 2; long haul includes it)', { bitsPerSymbol: 2 }, 'long-haul'],
    ['bps 3 (004:569)', { bitsPerSymbol: 3 }, 'long-haul'],
    ['bps 4 (long haul upper bound included)', { bitsPerSymbol: 4 }, 'long-haul'],
    ['bps 4.0001', { bitsPerSymbol: 4.0001 }, null],
    ['bps 5.5 (16QAM-class, metro)', { bitsPerSymbol: 5.5 }, null],
    ['CD-MIN -10000 (boundary excluded)', { bitsPerSymbol: 5, cdMinPsNm: -10000 }, null],
    ['CD-MIN -10001', { bitsPerSymbol: 5, cdMinPsNm: -10001 }, 'subsea'],
    ['CD-MAX 100000 (boundary excluded)', { bitsPerSymbol: 5, cdMaxPsNm: 100000 }, null],
    ['CD-MAX 100001', { bitsPerSymbol: 5, cdMaxPsNm: 100001 }, 'subsea'],
    ['bps 3 + subsea optics setting → subsea', { bitsPerSymbol: 3, opticsConfig: ['nleq-comp-mode 2'] }, 'subsea'],
    ['setting removed with no', { bitsPerSymbol: 5, opticsConfig: ['no nleq-comp-mode 2'] }, null],
    ['long haul while the port is shut, card up (004:578)', { bitsPerSymbol: 3, lineCardUp: true }, 'long-haul'],
    ['card down: nothing (004:579)', { bitsPerSymbol: 3, lineCardUp: false }, null],
    ['nothing known', {}, null],
  ];
  for (const [name, trunk, license] of table) t.equal(trunkLicense(trunk), license, name);
  t.equal(SUBSEA_OPTICS_SETTINGS.length, 10);
  for (const s of SUBSEA_OPTICS_SETTINGS) t.equal(isSubseaOpticsSetting(`${s.command} 1`), true, s.command);
  t.equal(isSubseaOpticsSetting('  rx-voa   target-power -50'), true);
  t.equal(isSubseaOpticsSetting('rx-voa'), false);
  t.equal(isSubseaOpticsSetting('transmit-power -10'), false);
  t.same(subseaReasons({ bitsPerSymbol: 1.5, cdMaxPsNm: 200000 }), ['bits per symbol 1.5 in [1, 2)', 'CD-MAX 200000 > 100000']);
  t.throws(() => trunkLicense({ bitsPerSymbol: Number.NaN }), InvalidArgumentError);
});

t.test('OTN-XP: one S-NCS1K4-100G-CL= per 10 client ports (004:704-708, 836-840)', async (t) => {
  const table: Array<[number, number]> = [
    [0, 0],
    [1, 1],
    [10, 1], // 004:748-757: 10 clients → Count 1 (004:815)
    [11, 2],
    [20, 2],
    [21, 3],
    [40, 4],
  ];
  for (const [n, count] of table) t.equal(otnXpLicenses(n), count, `${n} ports`);
  t.throws(() => otnXpLicenses(-1), InvalidArgumentError);
  t.throws(() => otnXpLicenses(1.5), InvalidArgumentError);
});

t.test('QXP: per provisioned trunk slice (004:842-930)', async (t) => {
  t.equal(qxpTrunkLicenses([{ provisioned: true, trunkRateGbps: 400 }]), 2, 'one 400G slice → 2 (004:930)');
  t.equal(qxpTrunkLicenses([{ provisioned: false, trunkRateGbps: 400 }]), 0, 'not provisioned');
  t.equal(qxpTrunkLicenses([{ provisioned: true, trunkRateGbps: 400 }, { provisioned: true, trunkRateGbps: 400 }]), 4);
  t.equal(qxpTrunkLicenses([{ provisioned: true, trunkRateGbps: 200 }]), 1);
  t.throws(() => qxpTrunkLicenses([{ provisioned: true, trunkRateGbps: 0 }]), InvalidArgumentError);
});

t.test('NCS 1004 chassis totals', async (t) => {
  t.same(
    ncs1004Consumption([
      { pid: 'NCS1K4-1.2T-L-K9', clientPorts: ports(12, 2), trunks: [{ bitsPerSymbol: 1.5 }, { bitsPerSymbol: 3 }] },
      { pid: 'NCS1K4-1.2T-K9', clientPorts: ports(12), trunks: [{ bitsPerSymbol: 3 }] },
      { pid: 'NCS1K4-OTN-XPL', otnXpClientPorts: 10 },
      { pid: 'NCS1K4-QXP-L-K9', qxpSlices: [{ provisioned: true, trunkRateGbps: 400 }] },
      { pid: 'NCS1K4-QXP-K9', qxpSlices: [{ provisioned: true, trunkRateGbps: 400 }] },
    ]),
    {
      [NCS1004_ENTITLEMENTS.client100G]: 6,
      [NCS1004_ENTITLEMENTS.client100GEncrypted]: 2,
      [NCS1004_ENTITLEMENTS.subsea]: 1,
      [NCS1004_ENTITLEMENTS.longHaul]: 1,
      [NCS1004_ENTITLEMENTS.clientBandwidth100G]: 1,
      [NCS1004_ENTITLEMENTS.qxpTrunk]: 2,
    },
  );
  t.same(ncs1004Consumption([{ pid: 'NCS1K4-1.2T-L-K9', up: false, trunks: [{ bitsPerSymbol: 3 }] }]), {}, 'a card that is down consumes no trunk license');
});

t.test('NCS 560: RTU, tracking PIDs, L3VPN VRF rule (001:47-61)', async (t) => {
  const vrfs: Array<[number, string | null]> = [
    [0, null],
    [1, 'ESS-AC-10G-RTU-1'],
    [8, 'ESS-AC-10G-RTU-1'], // "less than (or equal to) 8"
    [9, 'ADV-AC-10G-RTU-1'], // "more than 8"
    [100, 'ADV-AC-10G-RTU-1'],
  ];
  for (const [n, license] of vrfs) t.equal(l3vpnLicense(n), license, `${n} VRFs`);
  t.throws(() => l3vpnLicense(-1), InvalidArgumentError);
  t.equal(rtuLicense('essentials'), 'ESS-AC-100G-RTU-1');
  t.equal(rtuLicense('advantage'), 'ADV-AC-100G-RTU-1');
  t.equal(chassisTrackingPid('N560-4-SYS-E'), 'N560-4-SYS-E-TRK');
  t.throws(() => chassisTrackingPid('ASR-920'), InvalidArgumentError);
  t.equal(componentTrackingPid('A900-IMA8CS1Z-M'), 'A900-IMA8CS1ZM-TRK');
  t.equal(componentTrackingPid('A900-IMA8Z'), 'A900-IMA8Z-TRK');
  t.equal(componentTrackingPid('N560-RSP4'), null);
  // The seed's NCS560-4 (001:843-875): ESS RTU ×1, N560-4-SYS-E-TRK ×1, A900-IMA8Z-TRK ×2, A900-IMA8CS1ZM-TRK ×1.
  const seed = ncs560Consumption({ chassisPid: 'N560-4-SYS-E', lineCards: ['A900-IMA8Z', 'A900-IMA8Z', 'A900-IMA8CS1Z-M', 'N560-RSP4'], suite: 'essentials' });
  t.same(seed, { 'ESS-AC-100G-RTU-1': 1, 'N560-4-SYS-E-TRK': 1, 'A900-IMA8Z-TRK': 2, 'A900-IMA8CS1ZM-TRK': 1 });
  const adv = ncs560Consumption({ chassisPid: 'N560-4-SYS', suite: 'advantage', rtu100GUnits: 3, vrfCount: 9 });
  t.same(adv, { 'ADV-AC-100G-RTU-1': 3, 'N560-4-SYS-TRK': 1, 'ADV-AC-10G-RTU-1': 1 });
  t.same(siaRequirement({ ...seed, ...adv }), { essentials: 1, advantage: 4 }, 'equal numbers of SIA and RTU (001:80-84)');
});

t.test('cBR-8 LCHA: one per protected working line card (000:118)', async (t) => {
  t.equal(lchaLicenses(0), 0);
  t.equal(lchaLicenses(7), 7);
  t.throws(() => lchaLicenses(-2), InvalidArgumentError);
});
