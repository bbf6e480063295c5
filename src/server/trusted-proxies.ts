/**
 * The reverse proxies whose forwarding headers the server believes (`timely serve
 * --trust-proxy`). Behind a proxy every connection comes from the proxy's address, so
 * without this the sign-in limit per address is one budget for everybody and the audit
 * trail records the proxy as every caller. Only named proxies are trusted, never any
 * peer: a client reaching the server directly could otherwise write its own
 * `X-Forwarded-For` and pick the address it is limited and audited under.
 */
import { isIP } from 'node:net';

/** Names of address ranges, as Fastify (proxy-addr) knows them. */
const RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * Reads a comma-separated list of proxies: IP addresses, CIDR ranges (`10.0.0.0/8`,
 * `fd00::/8`) or the names `loopback`, `linklocal`, `uniquelocal`. Throws a RangeError
 * naming the first entry that is none of these.
 */
export function parseTrustedProxies(text: string): string[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) {
    throw new RangeError('no proxy is named');
  }
  for (const entry of entries) {
    if (!isProxyEntry(entry)) {
      throw new RangeError(
        `"${entry}" is not an IP address, a CIDR range or one of ${[...RANGE_NAMES].join(', ')}`,
      );
    }
  }
  return entries;
}

function isProxyEntry(entry: string): boolean {
  if (RANGE_NAMES.has(entry)) return true;
  const slash = entry.indexOf('/');
  const address = slash < 0 ? entry : entry.slice(0, slash);
  const version = isIP(address);
  if (version === 0) return false;
  if (slash < 0) return true;
  const prefix = entry.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix)) return false;
  return Number(prefix) <= (version === 4 ? 32 : 128);
}
