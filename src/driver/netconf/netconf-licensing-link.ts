/**
 * The licensing operations over NETCONF: the Smart Agent state for every look (netconf-licensing-status.ts), the
 * platform's action RPC for the request (licensing-rpc.ts) with its return code judged by action-reply.ts. There is
 * no syslog: the state's failure leaves (`fail-message`) say why an attempt failed, and a refused action's return
 * code says why it was refused.
 *
 * A deregistration CSSM refused (`responsefailed`, the answer after a sync loss) is accepted with
 * `tolerateSyncLoss`, as over the CLI; communication failures never are.
 */
import { InvalidArgumentError } from '../../errors.js';
import { SMART_LICENSE_YANG } from '../../platforms/smart-license-yang.js';
import { licensingErrorOf } from '../failure-verdict.js';
import type { LicensingLink, SentRequest } from '../licensing-link.js';
import type { OperationOptions, OperationSpec } from '../licensing-operation.js';
import type { LicensingOperation } from '../operation-progress.js';
import { judgeActionReply, readActionReply } from './action-reply.js';
import { buildLicensingRpc, showLicensingRpc } from './licensing-rpc.js';
import type { NetconfConnection } from './netconf-connection.js';
import { readNetconfLicenseStatus } from './netconf-licensing-status.js';

async function callAction(connection: NetconfConnection, spec: OperationSpec<LicensingOperation>, options: OperationOptions): Promise<SentRequest> {
  const request = spec.action;
  const yang = SMART_LICENSE_YANG[connection.platform];
  if (request.token !== undefined && request.token.length > yang.idTokenMaxLength) {
    throw new InvalidArgumentError('idToken', `the ID token is too long for ${yang.actionModule} register-id-token (${request.token.length} characters; at most ${yang.idTokenMaxLength})`, {
      host: connection.host,
    });
  }
  const shown = showLicensingRpc(connection.platform, request);
  const reply = readActionReply(
    connection.platform,
    await connection.client.rpc(buildLicensingRpc(connection.platform, request), {
      ...(options.commandTimeoutMs === undefined ? {} : { timeoutMs: options.commandTimeoutMs }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    }),
  );
  const verdict = judgeActionReply(request.action, reply);
  if (verdict.kind === 'accepted') return { shown, reply: reply.text };
  if (spec.operation === 'deregister' && spec.tolerateSyncLoss === true && reply.returnCode === 'responsefailed') {
    return { shown, reply: reply.text, tolerated: verdict.failure };
  }
  throw licensingErrorOf(spec.operation, verdict.failure, connection.host);
}

export function netconfLicensingLink(connection: NetconfConnection): LicensingLink {
  return {
    host: connection.host,
    platform: connection.platform,
    readStatus: (options) => readNetconfLicenseStatus(connection, options),
    readSyslog: async () => null,
    request: (spec, options) => callAction(connection, spec, options),
  };
}
