/**
 * The seed procedures as intents for the driver tests (the intents/fixtures of each deployment mode plus the trust
 * anchor the procedure uses on each model) and the lines the running configuration holds afterwards, as the
 * devices print them. Over NETCONF, IOS-XE takes no CA certificate and no message format (its models have no node
 * for them) and IOS-XR writes no `preferred-msg-format xml` (no node for the default): those lines are absent.
 */
import { readFile } from 'node:fs/promises';
import type { DeviceModel, TransportKind } from '../../../src/inventory/types.js';
import type { DeploymentMode, LicensingIntent } from '../../../src/intents/types.js';

export const MODES: readonly DeploymentMode[] = ['direct', 'http-proxy', 'on-prem', 'transport-gateway'];
export const MODELS: readonly DeviceModel[] = ['cBR-8', 'NCS-560', 'NCS-1004'];

export async function modeFixture(mode: DeploymentMode): Promise<LicensingIntent> {
  return JSON.parse(await readFile(new URL(`../../intents/fixtures/${mode}.json`, import.meta.url), 'utf8')) as LicensingIntent;
}

export interface IntentOptions {
  /** Default `cli`. */
  readonly transport?: TransportKind;
  /** The CA certificate IOS-XE imports for on-prem / transport gateway (CLI only). */
  readonly caPem?: string;
}

/** The fixture of a mode plus the trust anchor its procedure uses on that model. */
export async function intentFor(mode: DeploymentMode, model: DeviceModel, options: IntentOptions = {}): Promise<LicensingIntent> {
  const netconf = options.transport === 'netconf';
  let base = await modeFixture(mode);
  const callHome = base.callHome;
  if (netconf && model === 'cBR-8' && callHome?.profile?.preferredMessageFormat !== undefined) {
    base = { ...base, callHome: { ...callHome, profile: { name: callHome.profile.name ?? 'CiscoTAC-1' } } };
  }
  if (mode === 'direct' || mode === 'http-proxy') return base;
  if (model === 'cBR-8') {
    const pem = netconf ? undefined : options.caPem;
    return { ...base, trust: { trustpoint: { name: 'satellite', ...(pem === undefined ? {} : { caCertificatePem: pem }) } } };
  }
  return { ...base, trust: { trustpool: { form: model === 'NCS-1004' ? 'trustpoint-trustpool' : 'trustpool-policy' } } };
}

const DDCE = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';

/** What the running configuration must hold after the procedure (as the device prints it). */
export function expectedLines(mode: DeploymentMode, model: DeviceModel, transport: TransportKind = 'cli'): string[] {
  const lines = cliLines(mode, model);
  if (transport === 'cli') return lines;
  return lines
    .filter((l) => !l.includes('crypto pki certificate chain'))
    .map((l) => l.replace('  destination preferred-msg-format xml\n', ''));
}

function cliLines(mode: DeploymentMode, model: DeviceModel): string[] {
  const xe = model === 'cBR-8';
  if (xe) {
    const common: Record<DeploymentMode, string[]> = {
      direct: [
        '\nip name-server 198.51.100.247\n',
        '\nip domain name example.net\n',
        ' contact-email-addr licensing@example.net\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email\n!\n',
        '\nip http client source-interface Loopback0\n',
      ],
      'http-proxy': [
        '\nip name-server 198.51.100.53 2001:db8::53\n',
        ' contact-email-addr sch-smart-licensing@cisco.com\n http-proxy 198.51.100.10 port 3128\n profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email\n!\n',
      ],
      'on-prem': [
        '\nip name-server 198.51.100.53\n',
        '\ncrypto pki trustpoint satellite\n enrollment terminal\n revocation-check none\n!\n',
        '\ncrypto pki certificate chain satellite\n certificate ca 0A\n',
        ' profile "CiscoTAC-1"\n  active\n  destination transport-method http\n  no destination transport-method email\n  no reporting smart-licensing-data\n',
        ' profile "test1"\n  destination address http https://satellite.example.net/Transportgateway/services/DeviceRequestHandler\n  destination preferred-msg-format xml\n  destination transport-method http\n  no destination transport-method email\n  reporting smart-licensing-data\n!\n',
        '\nip http client source-interface Loopback0\n',
      ],
      'transport-gateway': [
        '\nip name-server 198.51.100.53\n',
        '\ncrypto pki trustpoint satellite\n enrollment terminal\n revocation-check none\n!\n',
        '  no reporting smart-licensing-data\n profile "Custom-Profile-1"\n  destination address http https://tg.example.net:844/transportgate/services/DeviceRequestHandler\n  destination transport-method http\n  no destination transport-method email\n  reporting smart-licensing-data\n!\n',
      ],
    };
    return common[mode];
  }
  const tac = (url: string): string =>
    ` profile CiscoTAC-1\n  active\n  destination address http ${url}\n  destination transport-method email disable\n  destination transport-method http\n !\n`;
  const crl = model === 'NCS-1004' ? '\ncrypto ca trustpoint Trustpool\n crl optional\n!\n' : '\ncrypto ca trustpool policy\n crl optional\n!\n';
  const xr: Record<DeploymentMode, string[]> = {
    direct: [
      '\ndomain name example.net\n',
      '\ndomain name-server 198.51.100.247\n',
      `\ncall-home\n service active\n contact-email-addr licensing@example.net\n${tac(DDCE)}!\n`,
      '\nhttp client source-interface ipv4 Loopback0\n',
    ],
    'http-proxy': [
      '\ndomain name-server 198.51.100.53\ndomain name-server 2001:db8::53\n',
      `\ncall-home\n service active\n contact-email-addr sch-smart-licensing@cisco.com\n http-proxy 198.51.100.10 port 3128\n${tac(DDCE)}!\n`,
    ],
    'on-prem': [
      '\ndomain name-server 198.51.100.53\n',
      '\ncall-home\n service active\n profile test1\n  active\n  destination address http https://satellite.example.net/Transportgateway/services/DeviceRequestHandler\n  destination preferred-msg-format xml\n  destination transport-method email disable\n  destination transport-method http\n  reporting smart-licensing-data\n !\n!\n',
      '\nhttp client source-interface ipv4 Loopback0\n',
      crl,
    ],
    'transport-gateway': [
      '\ndomain name-server 198.51.100.53\n',
      ' profile Custom-Profile-1\n  active\n  destination address http https://tg.example.net:844/transportgate/services/DeviceRequestHandler\n  destination transport-method email disable\n  destination transport-method http\n  reporting smart-licensing-data\n !\n',
      crl,
    ],
  };
  return xr[mode];
}

