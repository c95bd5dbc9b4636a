import { crc32 } from 'node:zlib';

/** Strings no text field may take: each must be refused with a 400 that names the field. */
export const hostileStrings: { name: string; value: string }[] = [
  { name: 'NUL', value: 'before\u0000after' },
  { name: 'lone high surrogate', value: 'half an emoji \uD83D here' },
  { name: 'lone low surrogate', value: '\uDE00 at the start' },
  { name: 'bidi override', value: 'Calle 18 \u202Eevitca\u202C' },
  { name: 'bidi isolate', value: 'door \u2066721\u2069' },
  { name: 'C1 control', value: 'bell\u0085line' },
  { name: 'escape', value: 'colour \u001b[31mred' },
];

/** Paths ("a.b.0.c") of every string leaf in a JSON value. */
export function stringPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'string') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => stringPaths(v, [...prefix, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => stringPaths(v, [...prefix, k]));
  return [];
}

/** Paths of every number leaf. */
export function numberPaths(value: unknown, prefix: string[] = []): string[][] {
  if (typeof value === 'number') return [prefix];
  if (Array.isArray(value)) return value.flatMap((v, i) => numberPaths(v, [...prefix, String(i)]));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => numberPaths(v, [...prefix, k]));
  return [];
}

/** A deep copy of `value` with the leaf at `path` replaced. */
export function withLeaf(value: unknown, path: string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) return value.map((v, i) => (String(i) === head ? withLeaf(v, rest, leaf) : v));
  const record = value as Record<string, unknown>;
  return { ...record, [head]: withLeaf(record[head], rest, leaf) };
}

/**
 * A PNG whose header claims `width`×`height` pixels, with a token of image data: what a decompression bomb or
 * an absurd photo looks like to a server that reads headers first.
 */
export function pngClaiming(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', Buffer.from([0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01])),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
