import t from 'tap';
import { classifyFailure, isFailureMnemonic } from '../../src/licensing/failure.js';

t.test('failure texts → error code and communication cause', async (t) => {
  const table: Array<[string, string | undefined, string, string | undefined]> = [
    // seeds
    ['Smart Agent for Licensing Registration with Cisco licensing cloud failed: Fail to send out Call Home HTTP message.', 'AGENT_REG_FAILED', 'E_COMM_FAILED', 'http'], // 000:476
    ['Communications failure with Cisco licensing cloud: Fail to send out Call Home HTTP message.', 'COMM_FAILED', 'E_COMM_FAILED', 'http'], // 000:478
    ['Authorization renewal with the Cisco Smart Software Manager (CSSM) : Error received from Smart Software Manager: Data and signature do not match for udi PID:8812,SN:FOX2202WIVM', 'AUTH_RENEW_FAILED', 'E_SYNC_LOST', undefined], // 004:639-647
    // corpus (ASA ntc-4)
    ['Communication message send error', undefined, 'E_COMM_FAILED', 'http'],
    // [INF] agent wordings
    ['Unable to resolve server hostname/domain name', undefined, 'E_COMM_FAILED', 'dns'],
    ['Proxy authentication failed', undefined, 'E_COMM_FAILED', 'proxy'],
    ['SSL handshake failed: certificate verify failed', undefined, 'E_COMM_FAILED', 'certificate'],
    ['Connection timed out', undefined, 'E_COMM_FAILED', 'unreachable'],
    ['Call-home profile CiscoTAC-1 is inactive', undefined, 'E_COMM_FAILED', 'config'],
    ['The ID token has expired', undefined, 'E_TOKEN_EXPIRED', undefined],
    ['The idtoken is invalid', undefined, 'E_TOKEN_INVALID', undefined],
    ['Token revoked by administrator', undefined, 'E_TOKEN_REVOKED', undefined],
    ['The token has reached its maximum number of uses', undefined, 'E_TOKEN_USED_UP', undefined],
    ['Error received from Smart Software Manager: The ID token has already been used the maximum number of times (1).', 'AGENT_REG_FAILED', 'E_TOKEN_USED_UP', undefined],
    ['Product already registered', undefined, 'E_ALREADY_REGISTERED', undefined],
    ['', 'AGENT_DEREG_FAILED', 'E_REGISTRATION_FAILED', undefined],
    ['Something odd happened', undefined, 'E_REGISTRATION_FAILED', undefined],
  ];
  for (const [text, mnemonic, code, cause] of table) {
    const c = classifyFailure(text, mnemonic);
    t.equal(c.code, code, text || mnemonic || '(empty)');
    t.equal(c.commCause, cause, `${text || mnemonic}: cause`);
    t.ok(c.reason.length > 0);
  }
});

t.test('failure mnemonics', async (t) => {
  for (const m of ['COMM_FAILED', 'AGENT_REG_FAILED', 'AUTH_RENEW_FAILED', 'EVAL_EXPIRED', 'OUT_OF_COMPLIANCE']) t.equal(isFailureMnemonic(m), true, m);
  for (const m of ['AGENT_REG_SUCCESS', 'AGENT_READY', 'COMM_RESTORED']) t.equal(isFailureMnemonic(m), false, m);
});
