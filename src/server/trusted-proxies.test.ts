import { describe, expect, it } from 'vitest';
import { parseTrustedProxies } from './trusted-proxies.ts';

describe('the trusted proxies of --trust-proxy', () => {
  it('reads addresses, CIDR ranges and range names, trimmed', () => {
    expect(parseTrustedProxies(' 10.0.0.0/8, 192.168.1.5 ,::1,fd00::/8, loopback')).toEqual([
      '10.0.0.0/8',
      '192.168.1.5',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
  });

  it.each([
    ['a host name', 'proxy.example.org', '"proxy.example.org" is not an IP address'],
    ['an IPv4 prefix past 32', '10.0.0.0/33', '"10.0.0.0/33" is not'],
    ['an IPv6 prefix past 128', '::/129', '"::/129" is not'],
    ['a prefix that is not a number', '10.0.0.0/eight', '"10.0.0.0/eight" is not'],
    ['an empty entry among others', '10.0.0.1,,10.0.0.2', '"" is not'],
    ['a wildcard', '*', '"*" is not'],
  ])('refuses %s, naming it', (_what, text, message) => {
    expect(() => parseTrustedProxies(text)).toThrow(message);
  });

  it('refuses an empty list', () => {
    expect(() => parseTrustedProxies(' , ')).toThrow('no proxy is named');
  });
});
