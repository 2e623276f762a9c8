import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CallbackRefused, callbackTarget, nonPublic } from './address.js';
import { deliver } from './deliver.js';

describe('callback addresses', () => {
  it('tells public addresses from the others, IPv4-in-IPv6 included', () => {
    for (const ip of ['93.184.216.34', '1.1.1.1', '2606:4700:4700::1111']) expect(nonPublic(ip), ip).toBeUndefined();
    const cases: [string, RegExp][] = [
      ['127.0.0.1', /loopback/],
      ['10.1.2.3', /private/],
      ['172.20.0.1', /private/],
      ['192.168.1.1', /private/],
      ['169.254.169.254', /link-local/],
      ['100.64.0.1', /carrier/],
      ['0.0.0.0', /this network/],
      ['224.0.0.1', /multicast/],
      ['::1', /loopback/],
      ['fd00::1', /private/],
      ['fe80::1', /link-local/],
      ['::ffff:127.0.0.1', /loopback/],
      ['::ffff:7f00:1', /loopback/],
      ['64:ff9b::a00:1', /private/],
    ];
    for (const [ip, what] of cases) expect(nonPublic(ip), ip).toMatch(what);
  });

  it('refuses a host when any of its addresses is not public, unless private ones are allowed', async () => {
    const resolve = async () => [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const refused = callbackTarget('https://hooks.example/cb', { allowPrivate: false, resolve });
    await expect(refused).rejects.toThrow(CallbackRefused);
    await expect(refused).rejects.toThrow('hooks.example resolves to 10.0.0.7, a private address');
    await expect(callbackTarget('http://[::1]:8080/', { allowPrivate: false })).rejects.toThrow(
      '::1, a loopback address',
    );
    expect(await callbackTarget('https://hooks.example/cb', { allowPrivate: true, resolve })).toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
    const unknown = callbackTarget('https://nowhere.invalid/', {
      allowPrivate: false,
      resolve: async () => {
        throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
      },
    });
    await expect(unknown).rejects.toMatchObject({
      lasting: false,
      message: 'cannot resolve nowhere.invalid: ENOTFOUND',
    });
  });

  it('connects to the address that was checked, never resolving the name again (no DNS rebinding)', async () => {
    const seen: { host?: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        seen.push({ host: req.headers.host, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      // The name resolves to the loopback server once; a second answer (what a rebinding name would give
      // at connection time) is never asked for: the resolver throws if it is.
      let lookups = 0;
      const resolve = async () => {
        lookups++;
        if (lookups > 1) throw new Error('resolved twice');
        return [{ address: '127.0.0.1', family: 4 }];
      };
      const target = await callbackTarget(`http://rebind.test:${port}/hook`, { allowPrivate: true, resolve });
      const outcome = await deliver(target, { method: 'POST', body: '{"a":1}', headers: {}, timeoutMs: 5000 });
      expect(outcome).toEqual({ status: 204 });
      expect(seen).toEqual([{ host: `rebind.test:${port}`, body: '{"a":1}' }]);
      expect(lookups).toBe(1);
    } finally {
      server.close();
    }
  });
});
