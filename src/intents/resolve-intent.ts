/**
 * A validated intent with its defaults applied (the YANG defaults), in the shape the planner works with. Unset
 * values that mean "leave the device as it is" stay null.
 */
import { parseCaCertificate, type CaCertificate } from './ca-certificate.js';
import {
  CISCO_SSM_URL,
  CISCO_TAC_PROFILE,
  type DeploymentMode,
  type LicensingIntent,
  type MessageFormat,
  type RevocationCheck,
  type TrustpoolForm,
} from './types.js';

export interface ResolvedDns {
  readonly nameServers: readonly string[];
  readonly vrf: string | null;
  readonly domainName: string | null;
  readonly lookup: boolean;
}

export interface ResolvedCallHome {
  readonly serviceActive: boolean;
  readonly contactEmail: string | null;
  readonly contactSmartLicensing: boolean | null;
  readonly mode: DeploymentMode;
  readonly url: string;
  readonly proxy: { readonly address: string; readonly port: number } | null;
  /** Cisco's own destinations stay on the profile (`defaultAddress`, by mode when unset). */
  readonly keepCiscoAddresses: boolean;
  readonly profile: {
    readonly name: string;
    readonly active: boolean;
    readonly reportingSmartLicensing: boolean;
    readonly emailTransport: boolean;
    readonly messageFormat: MessageFormat | null;
  };
  readonly defaultProfile: { readonly active: boolean | null; readonly emailTransport: boolean | null };
}

export interface ResolvedTrustpoint {
  readonly name: string;
  readonly enrollmentTerminal: boolean;
  readonly revocationCheck: RevocationCheck;
  readonly caCertificate: CaCertificate | null;
}

export interface ResolvedIntent {
  readonly dns: ResolvedDns | null;
  readonly callHome: ResolvedCallHome | null;
  readonly trustpoint: ResolvedTrustpoint | null;
  readonly trustpool: { readonly form: TrustpoolForm; readonly crlOptional: boolean } | null;
  readonly httpClient: { readonly ipv4: string | null; readonly ipv6: string | null } | null;
  readonly flexibleConsumption: boolean | null;
}

export function resolveIntent(intent: LicensingIntent): ResolvedIntent {
  const { dns, callHome, trust, httpClient, flexibleConsumption } = intent;
  let resolvedCallHome: ResolvedCallHome | null = null;
  if (callHome !== undefined) {
    const mode: DeploymentMode =
      callHome.direct !== undefined ? 'direct' : callHome.httpProxy !== undefined ? 'http-proxy' : callHome.onPrem !== undefined ? 'on-prem' : 'transport-gateway';
    const url =
      callHome.direct?.url ?? callHome.httpProxy?.url ?? callHome.onPrem?.url ?? callHome.transportGateway?.url ?? CISCO_SSM_URL;
    const profile = callHome.profile ?? {};
    resolvedCallHome = {
      serviceActive: callHome.serviceActive ?? true,
      contactEmail: callHome.contactEmail ?? null,
      contactSmartLicensing: callHome.contactSmartLicensing ?? null,
      mode,
      url,
      proxy: callHome.httpProxy === undefined ? null : { address: callHome.httpProxy.address, port: callHome.httpProxy.port },
      keepCiscoAddresses: callHome.defaultAddress ?? (mode === 'direct' || mode === 'http-proxy'),
      profile: {
        name: profile.name ?? CISCO_TAC_PROFILE,
        active: profile.active ?? true,
        reportingSmartLicensing: profile.reportingSmartLicensingData ?? true,
        emailTransport: profile.emailTransport ?? false,
        messageFormat: profile.preferredMessageFormat ?? null,
      },
      defaultProfile: {
        active: callHome.defaultProfile?.active ?? null,
        emailTransport: callHome.defaultProfile?.emailTransport ?? null,
      },
    };
  }
  const tp = trust?.trustpoint;
  return {
    dns:
      dns === undefined
        ? null
        : { nameServers: dns.nameServer, vrf: dns.vrf ?? null, domainName: dns.domainName ?? null, lookup: dns.lookup ?? true },
    callHome: resolvedCallHome,
    trustpoint:
      tp === undefined
        ? null
        : {
            name: tp.name,
            enrollmentTerminal: tp.enrollmentTerminal ?? true,
            revocationCheck: tp.revocationCheck ?? 'none',
            caCertificate: tp.caCertificatePem === undefined ? null : parseCaCertificate(tp.caCertificatePem),
          },
    trustpool: trust?.trustpool === undefined ? null : { form: trust.trustpool.form ?? 'trustpool-policy', crlOptional: trust.trustpool.crlOptional ?? true },
    httpClient:
      httpClient === undefined ? null : { ipv4: httpClient.sourceInterfaceIpv4 ?? null, ipv6: httpClient.sourceInterfaceIpv6 ?? null },
    flexibleConsumption: flexibleConsumption?.enable ?? null,
  };
}
