import t from 'tap';
import { X509Certificate } from 'node:crypto';
import { request as httpsRequest } from 'node:https';
import { ManualClock } from '../../../src/clock.js';
import { startCssm } from '../../../src/emulator/cssm/index.js';
import { CISCO_HOSTS } from '../../../src/emulator/cssm/tls.js';
import { CBR8, TAC_PATH, startTestCssm, testTls } from './helpers.js';

interface HttpsResult {
  readonly status: number;
  readonly body: string;
}

function post(port: number, options: { servername?: string; ca?: string; path?: string; body?: string }): Promise<HttpsResult> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: options.path ?? TAC_PATH,
        headers: { 'content-type': 'application/json', host: options.servername ?? '127.0.0.1' },
        ...(options.servername === undefined ? {} : { servername: options.servername }),
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body ?? '{}');
  });
}

t.test('HTTPS with the generated CA: trusted works, untrusted or wrong name fails', async (t) => {
  const cssm = await startTestCssm(t, { https: true, onPremHosts: ['satellite.example.net', '10.0.0.5'] });
  t.ok(cssm.httpsPort);
  t.equal(cssm.httpsUrl, `https://127.0.0.1:${cssm.httpsPort}`);
  t.match(cssm.caPem, /^-----BEGIN CERTIFICATE-----/);
  const port = cssm.httpsPort as number;
  const token = cssm.createToken().token.reveal();
  const ok = await post(port, { servername: 'tools.cisco.com', ca: cssm.caPem, body: JSON.stringify({ messageType: 'REGISTER', udi: CBR8, idToken: token }) });
  t.equal(ok.status, 200);
  t.equal(JSON.parse(ok.body).status, 'SUCCESS', 'a device that trusts the CA registers over HTTPS');

  for (const name of ['satellite.example.net', 'smartreceiver.cisco.com', 'localhost']) {
    const r = await post(port, { servername: name, ca: cssm.caPem, body: '{}' });
    t.equal(r.status, 400, `${name} is in the certificate (request reached the endpoint)`);
  }
  const byIp = await post(port, { ca: cssm.caPem, body: '{}' });
  t.equal(byIp.status, 400, '127.0.0.1 is an IP SAN');

  await t.rejects(post(port, { servername: 'tools.cisco.com' }), { code: /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/ }, 'without the CA the chain does not verify');
  await t.rejects(post(port, { servername: 'evil.example.com', ca: cssm.caPem }), { code: 'ERR_TLS_CERT_ALTNAME_INVALID' }, 'a name not in the certificate fails');
});

t.test('certificate names, fingerprints and the resolver map', async (t) => {
  const tls = testTls();
  const cert = new X509Certificate(tls.certPem);
  const ca = new X509Certificate(tls.caPem);
  t.ok(cert.verify(ca.publicKey), 'server certificate signed by the CA');
  t.ok(ca.ca, 'the CA is a CA');
  for (const name of [...CISCO_HOSTS, 'satellite.example.net', 'localhost']) t.match(cert.subjectAltName, `DNS:${name}`, name);
  t.match(cert.subjectAltName, 'IP Address:10.0.0.5');
  t.match(cert.subjectAltName, 'IP Address:127.0.0.1');
  t.equal(tls.fingerprints.ca.sha256, ca.fingerprint256);
  t.equal(tls.fingerprints.ca.sha1, ca.fingerprint);
  t.equal(tls.fingerprints.server.sha256, cert.fingerprint256);

  const cssm = await startTestCssm(t, { https: true, onPremHosts: ['Satellite.Example.NET'] });
  t.same(cssm.fingerprints, tls.fingerprints);
  const entries = cssm.resolverEntries();
  t.same(cssm.resolve('tools.cisco.com', 443), { host: '127.0.0.1', port: cssm.httpsPort });
  t.same(cssm.resolve('TOOLS.cisco.com', 80), { host: '127.0.0.1', port: cssm.port });
  t.same(cssm.resolve('satellite.example.net', 8443), { host: '127.0.0.1', port: cssm.httpsPort });
  t.equal(cssm.resolve('tools.cisco.com', 8080), undefined);
  t.equal(cssm.resolve('example.org', 443), undefined);
  t.ok(entries.some((e) => e.host === 'cloudsso.cisco.com' && e.scheme === 'https'));
  t.ok(entries.every((e) => e.target.host === '127.0.0.1'));
});

t.test('default start generates fresh TLS material; https: false serves HTTP only', async (t) => {
  const cssm = await startCssm({ clock: new ManualClock(), onPremHosts: ['onprem.lab'] });
  t.teardown(() => cssm.close());
  t.ok(cssm.tls?.names.includes('onprem.lab'));
  t.match(cssm.inventoryEntry(), { url: cssm.url, clientId: 'smartlic-emulator', smartAccount: 'fortytwo.example.com', virtualAccount: 'Default', caPem: cssm.caPem });
  t.equal(cssm.inventoryEntry().clientSecret, cssm.clientSecret.reveal(), 'the inventory entry carries the secret inline (emulate --inventory-out)');
  t.equal(String(cssm.clientSecret), '***');

  const plain = await startTestCssm(t);
  t.equal(plain.httpsUrl, undefined);
  t.equal(plain.caPem, '');
  t.notOk('caPem' in plain.inventoryEntry());
  t.same(plain.resolve('tools.cisco.com', 443), undefined, 'no HTTPS listener to map to');
});
