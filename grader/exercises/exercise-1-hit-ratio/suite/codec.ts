/** Hidden tests of encodeValue/decodeValue: any string back intact, small social values, damage refused. */
import { expect } from 'vitest';
import { createRng } from '../../../../lib/workload/rng.js';
import { valueFor } from '../../../../lib/workload/value.js';
import { codeOf, type SuiteContext } from './kit.js';

function noise(length: number): string {
  const rng = createRng('codec-noise');
  let out = '';
  while (out.length < length) out += String.fromCodePoint(rng.int(0xd7ff) + 1);
  return out;
}

/** Registers the codec tests. */
export function registerCodecTests({ pure }: SuiteContext): void {
  pure('encodeValue/decodeValue: any string comes back intact', ({ encodeValue, decodeValue }) => {
    const values = ['', 'x', '0', 'null', 'ünïcödé 🔑 ключ 键', 'e\u0301', '\u0000\u0001\uffff', noise(300_000), 'a'.repeat(1 << 20)];
    for (const v of values) {
      const back = decodeValue(encodeValue(v));
      expect(back === v, `round trip of a ${v.length}-character string (starts ${JSON.stringify(v.slice(0, 12))})`).toBe(true);
    }
  });

  pure('encodeValue: social values shrink, more so when large (1 KiB < 75%, 64 KiB < 40%)', ({ encodeValue }) => {
    for (const [size, share] of [
      [1024, 0.75],
      [4096, 0.6],
      [65_536, 0.4],
    ] as const) {
      const value = valueFor('user:1:post:0', 3, size);
      const stored = encodeValue(value).length;
      expect(stored / size, `a ${size}-byte social value was stored in ${stored} bytes`).toBeLessThan(share);
    }
  });

  pure('encodeValue/decodeValue: a 10 MiB value round-trips, stored in less than 40% of its size', ({ encodeValue, decodeValue }) => {
    const value = valueFor('user:3:timeline', 0, 10 * 1024 * 1024);
    const stored = encodeValue(value);
    expect(stored.length / value.length).toBeLessThan(0.4);
    expect(decodeValue(stored) === value, 'the 10 MiB value came back changed').toBe(true);
  });

  pure('decodeValue: empty or damaged bytes are refused with E_CORRUPT_VALUE, never returned as garbage', async ({ encodeValue, decodeValue }) => {
    expect(await codeOf(() => decodeValue(Buffer.alloc(0))), 'decodeValue of 0 bytes').toBe('E_CORRUPT_VALUE');
    const stored = encodeValue(valueFor('user:1:post:1', 0, 65_536));
    const cut = stored.subarray(0, Math.floor(stored.length / 2));
    expect(await codeOf(() => decodeValue(cut)), 'decodeValue of the first half of a compressed value').toBe('E_CORRUPT_VALUE');
  });
}
