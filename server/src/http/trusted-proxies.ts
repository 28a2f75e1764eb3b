import net from 'node:net';
import type { IncomingMessage } from 'node:http';

/**
 * Which proxies in front of the server may tell us the client's address (X-Forwarded-For), from
 * TRUST_PROXY. That address counts failed logins and is written to the audit log, so trusting a
 * header any client can send would let each client pick its own: the default trusts nobody.
 *
 * - `none`: the address is the TCP peer's; X-Forwarded-For is ignored.
 * - `hops`: the last N entries of X-Forwarded-For were appended by our own proxies.
 * - `addresses`: peers in these addresses or CIDR ranges (or the named ranges `loopback`,
 *   `linklocal`, `uniquelocal`) are our proxies, and so is every such entry of the header.
 */
export type TrustedProxies =
  { kind: 'none' } | { kind: 'hops'; hops: number } | { kind: 'addresses'; entries: string[] };

/** Whether the address at `hop` (0: the TCP peer, 1: the last X-Forwarded-For entry, ...) is a proxy of ours. */
export type ProxyTrust = (address: string, hop: number) => boolean;

const maxHops = 10;
const maxEntries = 100;
const namedRanges: Record<string, string[]> = {
  loopback: ['127.0.0.1/8', '::1/128'],
  linklocal: ['169.254.0.0/16', 'fe80::/10'],
  uniquelocal: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fc00::/7'],
};

/** TRUST_PROXY's value, or a message naming what is wrong with it. */
export function parseTrustedProxies(value: string): TrustedProxies | { error: string } {
  const trimmed = value.trim();
  if (trimmed === '' || trimmed === 'false' || trimmed === '0') return { kind: 'none' };
  if (trimmed === 'true') {
    return {
      error:
        "TRUST_PROXY=true would take any client's X-Forwarded-For at its word; name the proxies' addresses (e.g. 10.0.0.5,10.1.0.0/16) or how many proxies stand in front (e.g. 1)",
    };
  }
  if (/^\d+$/.test(trimmed)) {
    const hops = Number(trimmed);
    if (hops > maxHops) return { error: `TRUST_PROXY must be at most ${maxHops} proxy hops, got ${hops}` };
    return { kind: 'hops', hops };
  }
  const entries = trimmed.split(',').map((entry) => entry.trim());
  if (entries.length > maxEntries) return { error: `TRUST_PROXY lists at most ${maxEntries} entries` };
  for (const entry of entries) {
    if (!(entry in namedRanges) && !parseRange(entry)) {
      return {
        error: `TRUST_PROXY entry "${entry}" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal`,
      };
    }
  }
  return { kind: 'addresses', entries };
}

/** The trust function for Fastify's `trustProxy` and for graphql-ws upgrades; false trusts nobody. */
export function proxyTrust(trusted: TrustedProxies): ProxyTrust | false {
  if (trusted.kind === 'none') return false;
  if (trusted.kind === 'hops') return (_address, hop) => hop < trusted.hops;
  const ranges = new net.BlockList();
  for (const entry of trusted.entries.flatMap((name) => namedRanges[name] ?? [name])) {
    const range = parseRange(entry);
    if (!range) throw new Error(`unparsed TRUST_PROXY entry ${entry}`);
    ranges.addSubnet(range.network, range.prefix, range.family);
  }
  return (address) => {
    const family = net.isIP(address);
    return family !== 0 && ranges.check(address, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * The client's address as Fastify's `request.ip` computes it (proxy-addr's walk): from the TCP
 * peer back through X-Forwarded-For, the first address that is not a trusted proxy, or the
 * furthest one when all are. For requests Fastify does not see: graphql-ws upgrades.
 */
export function clientAddress(request: IncomingMessage, trust: ProxyTrust | false): string {
  const peer = request.socket.remoteAddress ?? 'unknown';
  if (!trust) return peer;
  const header = request.headers['x-forwarded-for'];
  const forwarded = (Array.isArray(header) ? header.join(',') : (header ?? ''))
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .reverse();
  const chain = [peer, ...forwarded];
  for (let hop = 0; hop < chain.length - 1; hop++) {
    if (!trust(chain[hop]!, hop)) return chain[hop]!;
  }
  return chain[chain.length - 1]!;
}

function parseRange(entry: string): { network: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const [network = '', prefixText, ...rest] = entry.split('/');
  const version = net.isIP(network);
  if (version === 0 || rest.length > 0) return null;
  const bits = version === 4 ? 32 : 128;
  if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  if (prefix > bits) return null;
  return { network, prefix, family: version === 4 ? 'ipv4' : 'ipv6' };
}
