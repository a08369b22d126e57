/**
 * Reads a device's licensing state over NETCONF: one `<get>` filtered to the platform's Smart Agent state, read
 * into the same report the CLI parsers give (licensing-state-xml.ts). The entitlements in use and the UDI come
 * from the same reply; the licensing syslog is in no YANG model, so `logging` is refused over NETCONF.
 */
import { InvalidArgumentError, PlatformError } from '../../errors.js';
import { licensingSnapshot } from '../../parsers/licensing-snapshot.js';
import type { LicenseStatusReport } from '../../parsers/types.js';
import { smartLicenseStatePath } from '../../platforms/smart-license-yang.js';
import { licensingStateOf } from '../licensing-state.js';
import type { LicensingStatus, StatusOptions } from '../licensing-status.js';
import type { XmlNode } from '../../netconf/xml.js';
import { readLicensingStateXml } from './licensing-state-xml.js';
import { licensingStateFilter } from './licensing-rpc.js';
import type { NetconfConnection } from './netconf-connection.js';

function rpcOptions(options: { readonly commandTimeoutMs?: number }): { timeoutMs?: number } {
  return options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs };
}

async function readState(connection: NetconfConnection, options: { readonly commandTimeoutMs?: number }): Promise<readonly XmlNode[]> {
  return connection.client.get({ filter: licensingStateFilter(connection.platform), ...rpcOptions(options) });
}

function noState(connection: NetconfConnection): PlatformError {
  return new PlatformError(`the device serves no Smart Licensing state at ${smartLicenseStatePath(connection.platform)} (is its Smart Agent running?)`, {
    host: connection.host,
  });
}

/** The Smart Agent state, as a `show license status` report. */
export async function readNetconfLicenseStatus(connection: NetconfConnection, options: { readonly commandTimeoutMs?: number } = {}): Promise<LicenseStatusReport> {
  const report = readLicensingStateXml(await readState(connection, options), connection.platform, 'license-status');
  if (report === undefined) throw noState(connection);
  return report;
}

export async function netconfLicensingStatus(connection: NetconfConnection, options: StatusOptions = {}): Promise<LicensingStatus> {
  if (options.logging === true) {
    throw new InvalidArgumentError('logging', 'the licensing syslog is in no YANG model the device serves; read it over the CLI transport', { host: connection.host });
  }
  const data = await readState(connection, options);
  const report = readLicensingStateXml(data, connection.platform, 'license-status');
  if (report === undefined) throw noState(connection);
  const summary = options.summary === true ? readLicensingStateXml(data, connection.platform, 'license-summary') : undefined;
  return {
    host: connection.host,
    platform: connection.platform,
    state: licensingStateOf(report),
    snapshot: licensingSnapshot([report], { platform: connection.platform }),
    report,
    ...(summary === undefined ? {} : { summary }),
    ...(options.udi === true && report.udi !== undefined ? { udi: report.udi } : {}),
  };
}
