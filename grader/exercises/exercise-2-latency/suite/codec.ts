/**
 * Hidden tests of the encoding and the compression: exact round trips of awkward values, the
 * threshold both ways, incompressible data, binary data, the separation of the two steps (the
 * load check prices them separately), and values that cannot be encoded.
 */
import { expect } from 'vitest';
import { codeOf, noise, prose, settle, type SuiteContext } from './kit.js';

const AWKWARD: Record<string, unknown> = {
  'empty string': '',
  unicode: 'ü ß 日本語 العربية 🔑🚀 \u0000 \u2028',
  'lone surrogate': 'a\uD800b',
  numbers: [0, -0, 1.5, -1e-300, 2 ** 53 - 1, Number.MAX_VALUE, NaN, Infinity, -Infinity],
  booleans: [true, false],
  null: null,
  nested: { a: [1, { b: [[], {}, [null]] }], 'key with spaces': { ключ: 'значение' } },
  buffer: Buffer.from([0, 1, 2, 253, 254, 255]),
  'long text': prose(100_000),
};

function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;
  }
  if (typeof a === 'number' && typeof b === 'number') return Object.is(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => same(x, b[i]));
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return a === b;
}

/** Registers the codec tests. */
export function registerCodecTests({ scenario }: SuiteContext): void {
  scenario('awkward values round-trip exactly through write and read, on another instance too', async ({ instances }) => {
    const [a, b] = instances<unknown>(2);
    for (const [name, value] of Object.entries(AWKWARD)) {
      await a!.optimizer.write(`v:${name}`, value);
      const mine = await a!.optimizer.read(`v:${name}`);
      const theirs = await b!.optimizer.read(`v:${name}`);
      expect(same(mine, value), `${name}: read back by the writer (got ${String(mine).slice(0, 40)})`).toBe(true);
      expect(same(theirs, value), `${name}: read by another instance (got ${String(theirs).slice(0, 40)})`).toBe(true);
    }
    const uint8 = await (async () => {
      await a!.optimizer.write('v:uint8', new Uint8Array([9, 8, 7]));
      return b!.optimizer.read('v:uint8');
    })();
    expect(uint8 instanceof Uint8Array && [...uint8].join(), 'a Uint8Array comes back as bytes').toBe('9,8,7');
  });

  scenario('a value that grows past the threshold is stored compressed, and plain again when it shrinks back', async ({ instances, raw, afterWrite }) => {
    const [a, b] = instances<string>(2, { options: { compressionThreshold: 1_024 } });
    const sizes = [200, 300_000, 150, 50_000, 100];
    for (const [i, size] of sizes.entries()) {
      const value = prose(size, i + 1);
      await a!.optimizer.write('post:1', value);
      await afterWrite();
      expect(await b!.optimizer.read('post:1'), `round ${i}: ${size} characters`).toBe(value);
      const stored = await raw.strlen('post:1');
      const encoded = a!.optimizer.optimizeSerialization(value).length;
      if (size >= 1_024) expect(stored, `round ${i}: ${size} characters of prose, above the threshold, stored in (bytes)`).toBeLessThan(encoded * 0.7);
      else expect(stored, `round ${i}: ${size} characters, below the threshold: only a small header may be added`).toBeLessThanOrEqual(encoded + 16);
    }
  });

  scenario('implementCompression: below the threshold data is kept as it is, above it shrinks; decompress restores both', async ({ instances }) => {
    const [app] = instances<string>(1, { options: { compressionThreshold: 4_096 } });
    const opt = app!.optimizer;
    const small = Buffer.from(prose(4_000));
    const large = Buffer.from(prose(64 * 1024));
    const packedSmall = opt.implementCompression(small);
    const packedLarge = opt.implementCompression(large);
    expect(packedSmall.length, '4,000 bytes below a 4,096-byte threshold').toBeLessThanOrEqual(small.length + 16);
    expect(packedSmall.includes(small), 'kept as it is: the data appears unchanged in the stored form').toBe(true);
    expect(packedLarge.length, '64 KiB of prose above the threshold').toBeLessThan(large.length * 0.6);
    expect(Buffer.compare(opt.decompress(packedSmall), small)).toBe(0);
    expect(Buffer.compare(opt.decompress(packedLarge), large)).toBe(0);
  });

  scenario('incompressible data grows by a small header at most, and round-trips', async ({ instances, raw }) => {
    const [a, b] = instances<Buffer>(2, { options: { compressionThreshold: 1_024 } });
    const data = noise(256 * 1024);
    const packed = a!.optimizer.implementCompression(data);
    expect(packed.length, '256 KiB of random bytes after implementCompression').toBeLessThanOrEqual(data.length + 16);
    expect(Buffer.compare(a!.optimizer.decompress(packed), data)).toBe(0);
    await a!.optimizer.write('media:1', data);
    const back = await b!.optimizer.read('media:1');
    expect(back instanceof Uint8Array && Buffer.compare(Buffer.from(back), data) === 0, 'read back by another instance').toBe(true);
    expect(await raw.strlen('media:1'), 'stored size of 256 KiB of random bytes').toBeLessThanOrEqual(data.length + 64 + 16);
  });

  scenario('optimizeSerialization: binary data costs its bytes, not JSON’s array of numbers, and it does not compress', async ({ instances }) => {
    const [app] = instances<unknown>(1);
    const opt = app!.optimizer;
    const media = { id: 42, caption: 'sunset', thumbnail: noise(64 * 1024) };
    const encoded = opt.optimizeSerialization(media);
    expect(encoded.length, 'an object with a 64 KiB thumbnail (JSON needs ≈ 230 KiB)').toBeLessThanOrEqual(64 * 1024 + 256);
    const text = prose(64 * 1024);
    expect(opt.optimizeSerialization(text).length, 'encoding 64 KiB of text: compressing is implementCompression’s job').toBeGreaterThanOrEqual(64 * 1024);
    const back = opt.deserialize(encoded) as typeof media;
    expect(
      back.id === 42 && back.caption === 'sunset' && Buffer.compare(Buffer.from(back.thumbnail), media.thumbnail) === 0,
      'deserialize(optimizeSerialization(v)) equals v',
    ).toBe(true);
  });

  scenario('values that cannot be encoded are refused with E_INVALID_VALUE, and nothing is written', async ({ instances, raw }) => {
    const [app] = instances<unknown>(1);
    for (const [name, value] of [
      ['a function', () => 1],
      ['a symbol', Symbol('s')],
      ['undefined', undefined],
    ] as const) {
      const { error } = await settle(app!.optimizer.write('bad', value));
      expect(codeOf(error), `write of ${name}`).toBe('E_INVALID_VALUE');
    }
    expect(await raw.exists('bad'), 'nothing stored under the key').toBe(0);
  });
}
