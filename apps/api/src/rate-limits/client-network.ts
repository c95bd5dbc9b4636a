import { isIPv4, isIPv6 } from 'node:net';

/**
 * The network a client address stands for, for rate limiting: an IPv4 address itself (an IPv4-mapped IPv6 address is
 * read as its IPv4 address), and for IPv6 its /64 — the block one home, phone or server is given, so an attacker
 * cannot become a million "clients" by rotating the low 64 bits. Anything else is returned as it is.
 */
export function clientNetwork(address: string): string {
  const bare = address.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) is not part of the address
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(bare);
  if (mapped && isIPv4(mapped[1]!)) return mapped[1]!;
  if (!isIPv6(bare)) return address;
  return `${expandIpv6(bare).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIpv6(address: string): string[] {
  let text = address;
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text); // an embedded IPv4 tail (::1.2.3.4, 64:ff9b::1.2.3.4)
  if (v4) {
    const [a, b, c, d] = v4[1]!.split('.').map(Number) as [number, number, number, number];
    text = `${text.slice(0, -v4[1]!.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? (text.split('::') as [string, string]) : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
}
