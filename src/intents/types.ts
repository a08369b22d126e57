/**
 * The desired Smart Licensing configuration of one device (yang/smartlic-licensing-intent.yang, the same tree with
 * camelCase names; schemas/intent.schema.json is its JSON Schema). An intent file is this object as JSON.
 *
 * ```json
 * { "dns": { "nameServer": ["198.51.100.247"] },
 *   "callHome": { "contactEmail": "ops@example.net", "direct": {} } }
 * ```
 */

export interface LicensingIntent {
  /** An editor's schema reference; ignored. */
  readonly $schema?: string;
  readonly dns?: DnsIntent;
  readonly callHome?: CallHomeIntent;
  readonly trust?: TrustIntent;
  readonly httpClient?: HttpClientIntent;
  readonly flexibleConsumption?: FlexibleConsumptionIntent;
}

export interface DnsIntent {
  /** IPv4 or IPv6 name servers, in order of preference (1-6). */
  readonly nameServer: readonly string[];
  /** VRF through which the name servers are reached; absent for the global table. */
  readonly vrf?: string;
  readonly domainName?: string;
  /** Resolve host names through DNS. Default true. */
  readonly lookup?: boolean;
}

export type MessageFormat = 'xml' | 'long-text' | 'short-text';

export interface CallHomeProfileIntent {
  /** Default `CiscoTAC-1`; any other name is a custom profile (transport gateway, on-prem). */
  readonly name?: string;
  /** Default true. */
  readonly active?: boolean;
  /** `reporting smart-licensing-data`. Default true. */
  readonly reportingSmartLicensingData?: boolean;
  /** `destination transport-method http`. */
  readonly transportMethod?: 'http';
  /** Keep `destination transport-method email`. Default false (`no destination transport-method email`). */
  readonly emailTransport?: boolean;
  /** `destination preferred-msg-format`; unset: left as the device has it. */
  readonly preferredMessageFormat?: MessageFormat;
}

/** CiscoTAC-1 while a custom profile reports Smart Licensing data (it then always stops reporting it). */
export interface DefaultProfileIntent {
  readonly active?: boolean;
  readonly emailTransport?: boolean;
}

export interface DestinationIntent {
  readonly url?: string;
}

export interface HttpProxyIntent {
  /** Proxy IP address or host name. */
  readonly address: string;
  readonly port: number;
  /** Default: the Cisco Smart Software Manager URL. */
  readonly url?: string;
}

interface CallHomeSettings {
  /** `service call-home` (IOS-XE) / `service active` (IOS-XR). Default true. */
  readonly serviceActive?: boolean;
  readonly contactEmail?: string;
  /** IOS-XR `contact smart-licensing`; unset: left as the device has it. */
  readonly contactSmartLicensing?: boolean;
  readonly profile?: CallHomeProfileIntent;
  readonly defaultProfile?: DefaultProfileIntent;
  /**
   * Keep Cisco's own destination (`https://tools.cisco.com/…`) on the profile. Unset: kept for direct and
   * httpProxy, removed for onPrem and transportGateway, as the procedures do (001:331).
   */
  readonly defaultAddress?: boolean;
}

/** Exactly one deployment mode (the YANG `choice deployment`). */
export type CallHomeIntent = CallHomeSettings &
  (
    | { readonly direct: DestinationIntent; readonly httpProxy?: never; readonly onPrem?: never; readonly transportGateway?: never }
    | { readonly httpProxy: HttpProxyIntent; readonly direct?: never; readonly onPrem?: never; readonly transportGateway?: never }
    | { readonly onPrem: Required<DestinationIntent>; readonly direct?: never; readonly httpProxy?: never; readonly transportGateway?: never }
    | { readonly transportGateway: Required<DestinationIntent>; readonly direct?: never; readonly httpProxy?: never; readonly onPrem?: never }
  );

export type DeploymentMode = 'direct' | 'http-proxy' | 'on-prem' | 'transport-gateway';

export type RevocationCheck = 'none' | 'crl' | 'ocsp';

export interface TrustpointIntent {
  readonly name: string;
  /** `enrollment terminal`. Default true. */
  readonly enrollmentTerminal?: boolean;
  /** Default `none`. */
  readonly revocationCheck?: RevocationCheck;
  /** The CA certificate `crypto pki authenticate` imports (PEM). */
  readonly caCertificatePem?: string;
}

export type TrustpoolForm = 'trustpool-policy' | 'trustpoint-trustpool';

export interface TrustpoolIntent {
  /** `trustpool-policy` (default): `crypto ca trustpool policy` (001:338); `trustpoint-trustpool`: `crypto ca trustpoint Trustpool` (004:227). */
  readonly form?: TrustpoolForm;
  /** `crl optional`. Default true. */
  readonly crlOptional?: boolean;
}

export interface TrustIntent {
  /** IOS-XE only. */
  readonly trustpoint?: TrustpointIntent;
  /** IOS-XR only. */
  readonly trustpool?: TrustpoolIntent;
}

export interface HttpClientIntent {
  /** IOS-XR `http client source-interface ipv4`; IOS-XE `ip http client source-interface`. */
  readonly sourceInterfaceIpv4?: string;
  /** IOS-XR `http client source-interface ipv6`; IOS-XE `ip http client source-interface` (one interface for both). */
  readonly sourceInterfaceIpv6?: string;
}

export interface FlexibleConsumptionIntent {
  /** IOS-XR `license smart flexible-consumption enable` (needed up to 7.1.1; on by default from 7.1.2, 001:32-44). */
  readonly enable?: boolean;
}

/** The CiscoTAC-1 profile name. */
export const CISCO_TAC_PROFILE = 'CiscoTAC-1';

/** Cisco Smart Software Manager's call-home address (000:52, 004:211): the default of direct and httpProxy. */
export const CISCO_SSM_URL = 'https://tools.cisco.com/its/service/oddce/services/DDCEService';
