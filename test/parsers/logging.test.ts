/** `show logging` on IOS-XE: the seed's messages (000:476-479) as a buffered log prints them. */
import t from 'tap';
import { classifyFailure } from '../../src/licensing/failure.js';
import { parseLogging, parseMessageId } from '../../src/parsers/show-logging.js';

const XE = `Router#show logging | include SMART|CALL
Syslog logging: enabled (0 messages dropped, 3 messages rate-limited, 0 flushes, 0 overruns, xml disabled, filtering disabled)
Log Buffer (8192 bytes):
*Mar 13 08:09:24.123: %SMART_LIC-6-AGENT_READY: Smart Agent for Licensing is initialized
Mar 13 08:09:24.456 UTC: %SMART_LIC-3-AGENT_REG_FAILED: Smart Agent for Licensing Registration with Cisco licensing
cloud failed: Fail to send out Call Home HTTP message.
000123: Mar 13 08:09:25.000 UTC: %SMART_LIC-3-COMM_FAILED: Communications failure with Cisco licensing cloud: Fail to send
out Call Home HTTP message.
Mar 13 08:10:00.000 UTC: %SYS-5-CONFIG_I: Configured from console by admin on vty0 (10.0.0.1)
Router#`;

t.test('licensing messages with ids, wrapped text joined, others counted', async (t) => {
  const r = parseLogging(XE, { year: 2024 });
  t.same(r.unparsed, []);
  t.equal(r.header.length, 2);
  t.equal(r.otherMessages, 1);
  t.same(
    r.messages.map((m) => [m.id.raw, m.id.severity, m.timestamp?.iso ?? null]),
    [
      ['SMART_LIC-6-AGENT_READY', 6, null],
      ['SMART_LIC-3-AGENT_REG_FAILED', 3, '2024-03-13T08:09:24.456Z'],
      ['SMART_LIC-3-COMM_FAILED', 3, '2024-03-13T08:09:25.000Z'],
    ],
  );
  t.equal(r.messages[1]!.text, 'Smart Agent for Licensing Registration with Cisco licensing cloud failed: Fail to send out Call Home HTTP message.');
  t.equal(r.messages[0]!.timestamp?.local, '2024-03-13T08:09:24.123', 'no zone printed: wall clock only');
  const failure = classifyFailure(r.messages[2]!.text, r.messages[2]!.id.mnemonic);
  t.same([failure.code, failure.commCause], ['E_COMM_FAILED', 'http']);
});

t.test('message ids', async (t) => {
  t.same(parseMessageId('%SMART_LIC-3-COMM_FAILED: x')?.id, { raw: 'SMART_LIC-3-COMM_FAILED', facility: 'SMART_LIC', severity: 3, mnemonic: 'COMM_FAILED' });
  t.same(parseMessageId('LICENSE-SMART_LIC-3-AUTH_RENEW_FAILED : y')?.id.facility, 'LICENSE-SMART_LIC');
  t.equal(parseMessageId('Error received from Smart Software Manager: Data and signature'), null);
});

t.test('an empty filtered log is valid', async (t) => {
  const r = parseLogging('RP/0/RP0/CPU0:ios#show logging | i Dereg\nThu May 27 14:48:58.170 UTC\nRP/0/RP0/CPU0:ios#');
  t.same(r.messages, []);
  t.same(r.unparsed, []);
});
