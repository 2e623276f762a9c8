import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/** Resolves a host name to its addresses (node:dns's lookup, or a stand-in in tests). */
export type Resolver = (host: string) => Promise<{ address: string; family: number }[]>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

/** A callback URL this node will not call, and why; `lasting` when trying again cannot help. */
export class CallbackRefused extends Error {
  override name = 'CallbackRefused';
  constructor(
    message: string,
    readonly lasting = true,
  ) {
    super(message);
  }
}

/** Ranges that are not the public internet, with what they are (RFC 6890 and friends). */
const RANGES: [string, number, 'ipv4' | 'ipv6', string][] = [
  ['0.0.0.0', 8, 'ipv4', 'a "this network" address'],
  ['10.0.0.0', 8, 'ipv4', 'a private address'],
  ['100.64.0.0', 10, 'ipv4', 'a shared (carrier NAT) address'],
  ['127.0.0.0', 8, 'ipv4', 'a loopback address'],
  ['169.254.0.0', 16, 'ipv4', 'a link-local address (cloud metadata lives here)'],
  ['172.16.0.0', 12, 'ipv4', 'a private address'],
  ['192.0.0.0', 24, 'ipv4', 'a protocol assignment address'],
  ['192.0.2.0', 24, 'ipv4', 'a documentation address'],
  ['192.88.99.0', 24, 'ipv4', 'a relay address'],
  ['192.168.0.0', 16, 'ipv4', 'a private address'],
  ['198.18.0.0', 15, 'ipv4', 'a benchmarking address'],
  ['198.51.100.0', 24, 'ipv4', 'a documentation address'],
  ['203.0.113.0', 24, 'ipv4', 'a documentation address'],
  ['224.0.0.0', 4, 'ipv4', 'a multicast address'],
  ['240.0.0.0', 4, 'ipv4', 'a reserved address'],
  ['::', 128, 'ipv6', 'the unspecified address'],
  ['::1', 128, 'ipv6', 'a loopback address'],
  ['100::', 64, 'ipv6', 'a discard address'],
  ['2001:db8::', 32, 'ipv6', 'a documentation address'],
  ['fc00::', 7, 'ipv6', 'a private (unique local) address'],
  ['fe80::', 10, 'ipv6', 'a link-local address'],
  ['ff00::', 8, 'ipv6', 'a multicast address'],
];

const blocked = RANGES.map(([net, prefix, type, what]) => {
  const list = new BlockList();
  list.addSubnet(net, prefix, type);
  return { list, type, what };
});

/** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 IPv6 address. */
function embeddedIpv4(ip: string): string | undefined {
  const m = /^(?:::ffff:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (m) return m[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1]!, 16);
  const lo = Number.parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** What an address is when it is not a public one; undefined for a public address. */
export function nonPublic(ip: string): string | undefined {
  const family = isIP(ip);
  if (family === 0) return 'not an IP address';
  const inner = family === 6 ? embeddedIpv4(ip) : undefined;
  if (inner) return nonPublic(inner);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  return blocked.find((b) => b.type === type && b.list.check(ip, type))?.what;
}

/** Where a callback goes: the URL, and the one address that was checked and will be connected to. */
export interface CallbackTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

/**
 * Resolves a callback URL's host and checks every address it has: all must be
 * public unless the operator allows others. The connection then goes to the
 * checked address itself (never resolved again), so a name that changes its
 * answer between the check and the call (DNS rebinding) reaches nothing else.
 */
export async function callbackTarget(
  raw: string,
  opts: { allowPrivate: boolean; resolve?: Resolver },
): Promise<CallbackTarget> {
  const url = new URL(raw);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new CallbackRefused(`${url.protocol} is not http or https`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  let addresses: { address: string; family: number }[];
  if (isIP(host)) {
    addresses = [{ address: host, family: isIP(host) }];
  } else {
    try {
      addresses = await (opts.resolve ?? systemResolver)(host);
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new CallbackRefused(`cannot resolve ${host}: ${why}`, false);
    }
    if (addresses.length === 0) throw new CallbackRefused(`${host} has no address`);
  }
  if (!opts.allowPrivate) {
    for (const a of addresses) {
      const what = nonPublic(a.address);
      if (what) {
        const name = a.address === host ? host : `${host} resolves to ${a.address}`;
        throw new CallbackRefused(
          `${name}, ${what}: callbacks go to public addresses only (the node's callbackAllowPrivate allows others)`,
        );
      }
    }
  }
  const first = addresses[0]!;
  return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
}
