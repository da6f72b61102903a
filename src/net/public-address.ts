/**
 * Which IP addresses an outbound request chosen by someone else (a client's
 * metadata URL) may reach: only globally routable unicast ones. Everything
 * else can be a way into this machine or its network (SSRF): loopback, the
 * private ranges, link-local (169.254.169.254 is the cloud metadata service),
 * carrier-grade NAT, multicast, broadcast, and the reserved, documentation and
 * benchmarking ranges, which no real client's server lives in.
 *
 * IPv6 is judged by an allow-list (global unicast is 2000::/3, RFC 4291) with
 * the special blocks inside it taken out, so an unlisted odd prefix is refused
 * rather than let through. An IPv6 address that carries an IPv4 one (mapped
 * `::ffff:a.b.c.d`, RFC 4291 §2.5.5.2, or NAT64 `64:ff9b::a.b.c.d`, RFC 6052)
 * is judged by the IPv4 address inside it.
 *
 * @see https://www.iana.org/assignments/iana-ipv4-special-registry/
 * @see https://www.iana.org/assignments/iana-ipv6-special-registry/
 */
import { BlockList, isIP } from 'node:net';

const NON_PUBLIC_IPV4: readonly [string, number][] = [
  ['0.0.0.0', 8], // "this network", includes the unspecified 0.0.0.0
  ['10.0.0.0', 8], // private (RFC 1918)
  ['100.64.0.0', 10], // carrier-grade NAT (RFC 6598)
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local, cloud metadata services
  ['172.16.0.0', 12], // private (RFC 1918)
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation (TEST-NET-1)
  ['192.88.99.0', 24], // 6to4 relay anycast (deprecated)
  ['192.168.0.0', 16], // private (RFC 1918)
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation (TEST-NET-2)
  ['203.0.113.0', 24], // documentation (TEST-NET-3)
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, includes the broadcast 255.255.255.255
];

const GLOBAL_UNICAST_IPV6: readonly [string, number][] = [['2000::', 3]];

const NON_PUBLIC_IN_GLOBAL_IPV6: readonly [string, number][] = [
  ['2001::', 23], // IETF protocol assignments: Teredo, benchmarking, ORCHID
  ['2001:db8::', 32], // documentation
  ['2002::', 16], // 6to4: tunnels to an IPv4 address not judged here
  ['3fff::', 20], // documentation (RFC 9637)
];

function blockListOf(family: 'ipv4' | 'ipv6', ranges: readonly [string, number][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of ranges) list.addSubnet(network, prefix, family);
  return list;
}

const nonPublicIpv4 = blockListOf('ipv4', NON_PUBLIC_IPV4);
const globalUnicastIpv6 = blockListOf('ipv6', GLOBAL_UNICAST_IPV6);
const nonPublicInGlobalIpv6 = blockListOf('ipv6', NON_PUBLIC_IN_GLOBAL_IPV6);

/** The IPv4 address inside a mapped or NAT64 IPv6 address, or undefined. */
function embeddedIpv4(address: string): string | undefined {
  // The URL parser gives one canonical spelling (`::ffff:7f00:1`), whatever the input was.
  const canonical = new URL(`http://[${address}]/`).hostname.slice(1, -1);
  const match = /^(?:::ffff|64:ff9b:):([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!match) return undefined;
  const high = Number.parseInt(match[1] as string, 16);
  const low = Number.parseInt(match[2] as string, 16);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join('.');
}

/**
 * True when `address` (an IP address in text, as `dns.lookup` gives it) is
 * globally routable unicast: safe to connect to on behalf of someone else.
 * Anything that is not an IP address, or carries a zone (`fe80::1%eth0`), is
 * not public.
 */
export function isPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return !nonPublicIpv4.check(address, 'ipv4');
  if (family !== 6 || address.includes('%')) return false;
  const inner = embeddedIpv4(address);
  if (inner !== undefined) return !nonPublicIpv4.check(inner, 'ipv4');
  return globalUnicastIpv6.check(address, 'ipv6') && !nonPublicInGlobalIpv6.check(address, 'ipv6');
}
