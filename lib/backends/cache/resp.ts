/**
 * Sizes of requests and replies in RESP2, the wire format ioredis speaks: what the network
 * counters and the cost model charge as "bytes moved".
 */

/** A simple-string reply (`+OK`), kept apart from bulk strings so RESP sizes and Lua see the difference. */
export class StatusReply {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

function digits(n: number): number {
  return String(n).length;
}

function bulkSize(len: number): number {
  return 1 + digits(len) + 2 + len + 2; // $<len>\r\n<bytes>\r\n
}

function argLength(arg: unknown): number {
  if (Buffer.isBuffer(arg)) return arg.length;
  return Buffer.byteLength(typeof arg === 'string' ? arg : String(arg));
}

/** Bytes of a command sent as a RESP array of bulk strings: `*N\r\n` then `$len\r\narg\r\n` each. */
export function requestSize(name: string, args: readonly unknown[]): number {
  let total = 1 + digits(args.length + 1) + 2 + bulkSize(Buffer.byteLength(name));
  for (const arg of args) total += bulkSize(argLength(arg));
  return total;
}

/** Bytes of a reply in RESP2 (errors as `-message\r\n`, null as `$-1\r\n`). */
export function replySize(reply: unknown): number {
  if (reply === null || reply === undefined) return 5;
  if (reply instanceof StatusReply) return 1 + Buffer.byteLength(reply.value) + 2;
  if (reply instanceof Error) return 1 + Buffer.byteLength(reply.message) + 2;
  if (typeof reply === 'number') return 1 + digits(Math.trunc(reply)) + 2;
  if (typeof reply === 'string') return bulkSize(Buffer.byteLength(reply));
  if (Buffer.isBuffer(reply)) return bulkSize(reply.length);
  if (Array.isArray(reply)) return reply.reduce<number>((sum, item) => sum + replySize(item), 1 + digits(reply.length) + 2);
  if (typeof reply === 'object') {
    const entries = Object.entries(reply as Record<string, unknown>).flat();
    return replySize(entries);
  }
  // Only a boolean, bigint or symbol is left (no reply is a function): its text.
  const primitive = reply as boolean | bigint | symbol;
  return bulkSize(Buffer.byteLength(String(primitive)));
}
