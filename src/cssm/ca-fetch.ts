/**
 * A fetch for a CSSM whose certificate is signed by a private CA (SSM On-Prem, the emulator): global fetch cannot
 * be given a CA, so HTTPS requests go through node:https with `ca` set; plain HTTP URLs use global fetch.
 */
import { request as httpsRequest } from 'node:https';
import type { FetchLike } from './types.js';

export function createCaFetch(caPem: string): FetchLike {
  return (url, init) => {
    if (!url.startsWith('https:')) return fetch(url, init);
    return new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {};
      new Headers(init.headers).forEach((value, key) => {
        headers[key] = value;
      });
      const body = typeof init.body === 'string' ? init.body : undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpsRequest(url, { method: init.method ?? 'GET', headers, ca: caPem, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const out = new Headers();
          for (const [k, v] of Object.entries(res.headers)) {
            if (v === undefined) continue;
            for (const value of Array.isArray(v) ? v : [v]) out.append(k, value);
          }
          const nullBody = status === 204 || status === 304 || (status >= 100 && status < 200);
          resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: out }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}
