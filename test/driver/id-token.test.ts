import t from 'tap';
import { ID_TOKEN_MAX_LENGTH, idTokenProblem, validateIdToken } from '../../src/driver/id-token.js';
import { redactText, Secret } from '../../src/secret.js';

t.test('tokens shaped like the seeds and the CSSM emulator are accepted', async (t) => {
  for (const token of [
    'YjBkOWM5YtItMDFiOS00ZjBmLT11Y2YtODEzMzglYTMzZDVhLTEzODE0MjE0%0ANzc5NDF8U1BDUTAySWFRtmJqa1NnbmlzRUIyaG1YU053L0pHZTNvUW9VTFpE%0AekxCOD0%3D%0A', // 000:457-459 joined
    '$Tl4UytrN8zbEslck8veUw6G5alnZJOfDdlFw6Vra%0PblRmz0%3D%QA', // 001:417
    'Tl4UytrNXBzbEs1ck8veUtWaG5abnZJOFdDa1FwbVRa%0Ab1RMbz0%3D%0A', // 001:792
  ]) {
    t.equal(idTokenProblem(token), null);
    const secret = validateIdToken(token);
    t.ok(secret instanceof Secret);
    t.equal(secret.reveal(), token);
    t.equal(redactText(`x ${token} y`), 'x *** y', 'registered for redaction');
  }
  const given = new Secret('Tl4UytrNXBzbEs1ck8veUtWaG5a%0A');
  t.equal(validateIdToken(given), given, 'a Secret passes through');
});

t.test('bad tokens are refused with the problem named and the token not shown', async (t) => {
  const cases: Array<[string, RegExp]> = [
    ['', /is empty/],
    ['YjBkOWM5YtItMDFiOS00\nZjBmLT11Y2YtODEz', /line break/],
    ['YjBkOWM5YtItMDFiOS00\rZjBmLT11Y2YtODEz', /line break/],
    ['YjBkOWM5YtItMDFi OS00ZjBmLT11Y2YtODEz', /whitespace/],
    ['YjBkOWM5YtItMDFi\tOS00ZjBmLT11Y2YtODEz', /whitespace/],
    ['YjBkOWM5YtItMDFi\u0007OS00ZjBmLT11Y2Yt', /control character/],
    ['YjBkOWM5YtItMDFi?OS00ZjBmLT11Y2YtODEz', /"\?"/],
    ['YjBkOWM5YtItMDFiéOS00ZjBmLT11Y2YtODEz', /printable ASCII/],
    ['YjBkOWM5YtItMDFi|OS00ZjBmLT11Y2YtODEz', /a character no ID token has/],
    ['YjBkOWM5YtItMDFi;reload00ZjBmLT11Y2Y', /a character no ID token has/],
    ['YjBkOWM5YtItMDFi<x/>OS00ZjBmLT11Y2Yt', /a character no ID token has/],
    ['YjBkOWM5', /too short/],
    ['A'.repeat(ID_TOKEN_MAX_LENGTH + 1), /too long/],
  ];
  for (const [token, reason] of cases) {
    const error = t.throws(() => validateIdToken(token, { host: 'cbr8-1' })) as unknown as { code: string; argument: string; message: string; host: string };
    t.equal(error.code, 'E_INVALID_ARGUMENT', JSON.stringify(token.slice(0, 12)));
    t.equal(error.argument, 'idToken');
    t.equal(error.host, 'cbr8-1');
    t.match(error.message, reason);
    if (token.length > 0) t.notOk(error.message.includes(token), 'the token is not in the message');
  }
  t.equal(redactText('YjBkOWM5'), 'YjBkOWM5', 'a refused plain string is not registered as a secret');
  t.throws(() => validateIdToken(42 as unknown as string), { code: 'E_INVALID_ARGUMENT', message: /must be a string or a Secret/ });
});
