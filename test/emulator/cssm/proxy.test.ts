import t from 'tap';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect } from 'node:tls';
import type { Socket } from 'node:net';
import { startProxy, type HttpProxy } from '../../../src/emulator/cssm/index.js';
import { CBR8, NCS560, TAC_PATH, postDevice, startTestCssm } from './helpers.js';

interface Reply {
  readonly status: number;
  readonly body: string;
}

/** `POST http://<host>/<path>` through the proxy (absolute-URI form). */
function viaForward(proxy: HttpProxy, url: string, body: string, auth?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: proxy.host,
        port: proxy.port,
        method: 'POST',
        path: url,
        headers: { host: target.host, 'content-type': 'application/json', ...(auth ? { 'proxy-authorization': auth } : {}) },
        agent: false,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CONNECT host:443 through the proxy, then HTTPS (trusting `ca`) inside the tunnel. */
function viaConnect(proxy: HttpProxy, host: string, path: string, body: string, ca: string, auth?: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const connect = httpRequest({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: `${host}:443`,
      headers: { host: `${host}:443`, ...(auth ? { 'proxy-authorization': auth } : {}) },
      agent: false,
    });
    connect.on('connect', (res, socket: Socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        resolve({ status: res.statusCode ?? 0, body: '' });
        return;
      }
      const req = httpsRequest(
        {
          host,
          method: 'POST',
          path,
          headers: { 'content-type': 'application/json' },
          // no agent: with createConnection the request uses this socket
          createConnection: () => tlsConnect({ socket, servername: host, ca }),
        },
        (r) => {
          let text = '';
          r.setEncoding('utf8');
          r.on('data', (c: string) => (text += c));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body: text }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    connect.on('error', reject);
    connect.end();
  });
}

function register(token: string, udi = CBR8): string {
  return JSON.stringify({ messageType: 'REGISTER', udi, idToken: token });
}

t.test('absolute-URI forwarding and CONNECT tunnelling reach CSSM by name; counters show it', async (t) => {
  const cssm = await startTestCssm(t, { https: true });
  const proxy = await startProxy({ resolve: cssm.resolve });
  t.teardown(() => proxy.close());
  t.match(proxy.url, /^http:\/\/127\.0\.0\.1:\d+$/);

  const forwarded = await viaForward(proxy, `http://tools.cisco.com${TAC_PATH}`, register(cssm.createToken().token.reveal()));
  t.equal(forwarded.status, 200);
  t.equal(JSON.parse(forwarded.body).status, 'SUCCESS');

  const tunnelled = await viaConnect(proxy, 'tools.cisco.com', TAC_PATH, register(cssm.createToken().token.reveal(), NCS560), cssm.caPem);
  t.equal(tunnelled.status, 200);
  t.equal(JSON.parse(tunnelled.body).status, 'SUCCESS', 'HTTPS inside the tunnel, verified against the emulator CA');

  t.same(proxy.stats(), { requests: 1, connects: 1, authFailures: 0, errors: 0, hosts: { 'tools.cisco.com:80': 1, 'tools.cisco.com:443': 1 } });
  t.equal(cssm.listProductInstances().length, 2);
  proxy.resetStats();
  t.same(proxy.stats(), { requests: 0, connects: 0, authFailures: 0, errors: 0, hosts: {} });
});

t.test('Basic authentication: 407 without or with wrong credentials, for both forms', async (t) => {
  const cssm = await startTestCssm(t, { https: true });
  const proxy = await startProxy({ resolve: cssm.resolve, auth: { username: 'proxyuser', password: 'proxy-pass-9' } });
  t.teardown(() => proxy.close());
  const good = `Basic ${Buffer.from('proxyuser:proxy-pass-9').toString('base64')}`;
  const bad = `Basic ${Buffer.from('proxyuser:nope').toString('base64')}`;
  const url = `http://tools.cisco.com${TAC_PATH}`;
  t.equal((await viaForward(proxy, url, '{}')).status, 407);
  t.equal((await viaForward(proxy, url, '{}', bad)).status, 407);
  t.equal((await viaForward(proxy, url, '{}', good)).status, 400, 'authenticated: reaches the endpoint');
  t.equal((await viaConnect(proxy, 'tools.cisco.com', TAC_PATH, '{}', cssm.caPem)).status, 407);
  t.equal((await viaConnect(proxy, 'tools.cisco.com', TAC_PATH, '{}', cssm.caPem, good)).status, 400);
  const stats = proxy.stats();
  t.equal(stats.authFailures, 3);
  t.equal(stats.requests, 3);
  t.equal(stats.connects, 2);
});

t.test('CSSM can require that device calls come through the proxy', async (t) => {
  const cssm = await startTestCssm(t, { https: true });
  const proxy = await startProxy({ resolve: cssm.resolve });
  t.teardown(() => proxy.close());
  cssm.requireProxy(proxy);

  await t.rejects(postDevice(cssm.url, JSON.parse(register(cssm.createToken().token.reveal()))), 'a direct device call is dropped');
  t.equal(cssm.stats().rejectedDirect, 1);
  const api = await fetch(`${cssm.url}/oauth2/default/v1/token`, { method: 'POST', body: 'grant_type=client_credentials' });
  t.equal(api.status, 401, 'API calls are not subject to the proxy requirement');

  const viaHttp = await viaForward(proxy, `http://tools.cisco.com${TAC_PATH}`, register(cssm.createToken().token.reveal()));
  t.equal(JSON.parse(viaHttp.body).status, 'SUCCESS');
  const viaTunnel = await viaConnect(proxy, 'tools.cisco.com', TAC_PATH, register(cssm.createToken().token.reveal(), NCS560), cssm.caPem);
  t.equal(JSON.parse(viaTunnel.body).status, 'SUCCESS');
  t.equal(cssm.stats().viaProxy, 2);

  cssm.requireProxy(null);
  const direct = await postDevice(cssm.url, { messageType: 'RENEW_AUTH', udi: CBR8, usage: [] });
  t.equal(direct.body['status'], 'SUCCESS', 'requirement lifted');
});

t.test('names the resolver does not know are connected to as given; upstream failures are 502', async (t) => {
  const cssm = await startTestCssm(t);
  const proxy = await startProxy();
  t.teardown(() => proxy.close());
  const direct = await viaForward(proxy, `${cssm.url}${TAC_PATH}`, register(cssm.createToken().token.reveal()));
  t.equal(JSON.parse(direct.body).status, 'SUCCESS');
  const closed = await startTestCssm(t);
  const port = closed.port;
  await closed.close();
  const refused = await viaForward(proxy, `http://127.0.0.1:${port}${TAC_PATH}`, '{}');
  t.equal(refused.status, 502);
  const tunnel = await viaConnect(proxy, '127.0.0.1', TAC_PATH, '{}', '');
  t.equal(tunnel.status, 502, 'CONNECT to a closed port');
  t.equal(proxy.stats().errors, 2);
  const notAbsolute = await new Promise<number>((resolve, reject) => {
    const req = httpRequest({ host: proxy.host, port: proxy.port, path: '/relative', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
  t.equal(notAbsolute, 400);
});

t.test('loopbackOnly: destinations the resolver does not map are refused 502 unless on loopback', async (t) => {
  const cssm = await startTestCssm(t);
  const proxy = await startProxy({ resolve: cssm.resolve, loopbackOnly: true });
  t.teardown(() => proxy.close());
  const forward = await viaForward(proxy, `http://cssm.nowhere.example${TAC_PATH}`, '{}');
  t.equal(forward.status, 502);
  t.match(forward.body, /cssm\.nowhere\.example is not reachable from the emulated network/);
  const tunnel = await viaConnect(proxy, '203.0.113.9', TAC_PATH, '{}', '');
  t.equal(tunnel.status, 502, 'CONNECT off loopback');
  t.equal(proxy.stats().errors, 2);
  const mapped = await viaForward(proxy, `http://tools.cisco.com${TAC_PATH}`, register(cssm.createToken().token.reveal()));
  t.equal(JSON.parse(mapped.body).status, 'SUCCESS', 'resolver names still work');
  const loopback = await viaForward(proxy, `${cssm.url}${TAC_PATH}`, register(cssm.createToken().token.reveal(), NCS560));
  t.equal(JSON.parse(loopback.body).status, 'SUCCESS', 'loopback addresses still work');
});
