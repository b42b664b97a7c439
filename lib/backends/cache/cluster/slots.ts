/**
 * Redis Cluster key distribution: the hash slot of a key (CRC16-XMODEM of the key, or of its
 * {hashtag}, mod 16384) and the contiguous slot ranges `redis-cli --cluster create` assigns to
 * N masters. Written by hand from Redis's keyHashSlot: cluster-key-slot (ioredis's helper)
 * hashes keys like `foo{}{bar}` differently from Redis.
 */

/** Number of hash slots in Redis Cluster. */
const SLOTS = 16_384;

const CRC_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    table[i] = crc;
  }
  return table;
})();

/** CRC16-XMODEM (polynomial 0x1021, initial 0), as Redis's crc16(). */
export function crc16(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ CRC_TABLE[((crc >> 8) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** Hash slot of `key` (CLUSTER KEYSLOT): only the part between the first `{` and the next `}` counts, when it is not empty. */
export function keySlot(key: string | Buffer): number {
  const bytes = typeof key === 'string' ? Buffer.from(key) : key;
  const open = bytes.indexOf(0x7b); // {
  if (open >= 0) {
    const close = bytes.indexOf(0x7d, open + 1); // }
    if (close > open + 1) return crc16(bytes, open + 1, close) & (SLOTS - 1);
  }
  return crc16(bytes) & (SLOTS - 1);
}

/** Slot ranges [first, last] per node, as redis-cli --cluster create splits 16384 slots over `nodes` masters. */
export function slotRanges(nodes: number): [number, number][] {
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > SLOTS) throw new RangeError(`A cluster needs 1 to ${SLOTS} nodes, got ${nodes}.`);
  const perNode = SLOTS / nodes;
  const ranges: [number, number][] = [];
  let first = 0;
  let cursor = 0;
  for (let i = 0; i < nodes; i++) {
    let last = Math.round(cursor + perNode - 1);
    if (last > SLOTS || i === nodes - 1) last = SLOTS - 1;
    if (last < first) last = first;
    ranges.push([first, last]);
    first = last + 1;
    cursor += perNode;
  }
  return ranges;
}

/** A slot → node table for `nodes` nodes. */
export function slotTable(nodes: number): Uint16Array {
  const table = new Uint16Array(SLOTS);
  slotRanges(nodes).forEach(([first, last], node) => table.fill(node, first, last + 1));
  return table;
}
