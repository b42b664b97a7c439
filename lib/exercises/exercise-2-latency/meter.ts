/**
 * The price list of app-side codec work, and the meter that charges it. On the virtual clock the
 * network costs come from the embedded cache's cost model (docs/cost-model.md); what the app does
 * with the bytes — encoding, decoding, compressing — costs real CPU time, which differs on every
 * machine. So the load check prices the four codec methods of LatencyOptimizer by the bytes they
 * handle, and adds that time to the latency of the request that called them (found with
 * AsyncLocalStorage, so concurrent requests are charged separately). Time is added to the
 * request's latency; it does not hold connections or delay other requests.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { LatencyOptimizerApi } from './types.js';

/** Prices of codec work, in ms. */
export interface CodecPrices {
  /** optimizeSerialization, per KiB it produces (~100 MB/s, the cost model's serializeMsPerKiB). */
  serializeMsPerKiB: number;
  /** deserialize, per KiB it reads. */
  deserializeMsPerKiB: number;
  /** implementCompression, per KiB of input, when the output is smaller than the input (it compressed). */
  compressMsPerKiB: number;
  /** decompress, per KiB of output, when the output is larger than the input (it inflated). */
  decompressMsPerKiB: number;
  /** Fixed cost of one compress or decompress that did work (stream set-up, buffers). */
  zlibCallMs: number;
}

/** The prices the load check uses; README.md, "Where the milliseconds go", explains them. */
export const CODEC_PRICES: Readonly<CodecPrices> = Object.freeze({
  serializeMsPerKiB: 0.01,
  deserializeMsPerKiB: 0.01,
  compressMsPerKiB: 0.01,
  decompressMsPerKiB: 0.004,
  zlibCallMs: 0.01,
});

/** The four metered methods. */
const CODEC_METHODS = ['optimizeSerialization', 'deserialize', 'implementCompression', 'decompress'] as const;

/** One of {@link CODEC_METHODS}. */
export type CodecMethod = (typeof CODEC_METHODS)[number];

/** Codec time charged to one request. */
interface Tally {
  ms: number;
}

function sizeOf(x: unknown): number {
  if (x instanceof Uint8Array) return x.length;
  if (typeof x === 'string') return Buffer.byteLength(x);
  return 0;
}

/** Charges codec work to the request that did it; see the module comment. */
export class CodecMeter {
  readonly #als = new AsyncLocalStorage<Tally>();
  readonly #prices: CodecPrices;
  /** Calls per method over every instrumented instance, inside requests or not. */
  readonly calls: Record<CodecMethod, number> = { optimizeSerialization: 0, deserialize: 0, implementCompression: 0, decompress: 0 };
  /** Codec ms charged over all requests. */
  chargedMs = 0;

  constructor(prices: CodecPrices = CODEC_PRICES) {
    this.#prices = prices;
  }

  /** Runs `work` as one request; resolves to its value and the codec ms it was charged. */
  async measure<T>(work: () => Promise<T>): Promise<{ value: T; codecMs: number }> {
    const tally: Tally = { ms: 0 };
    const value = await this.#als.run(tally, work);
    return { value, codecMs: tally.ms };
  }

  /** Replaces the four codec methods of `optimizer` with metered ones (own properties). */
  instrument<V>(optimizer: LatencyOptimizerApi<V>): LatencyOptimizerApi<V> {
    const target = optimizer as unknown as Record<CodecMethod, (x: unknown) => unknown>;
    for (const name of CODEC_METHODS) {
      const original = target[name];
      if (typeof original !== 'function') continue;
      Object.defineProperty(optimizer, name, {
        configurable: true,
        writable: true,
        value: (input: unknown) => {
          const output = original.call(optimizer, input);
          this.calls[name] += 1;
          this.#charge(this.#price(name, sizeOf(input), sizeOf(output)));
          return output;
        },
      });
    }
    return optimizer;
  }

  /** The price of one call of `name` that turned `inBytes` into `outBytes`. */
  #price(name: CodecMethod, inBytes: number, outBytes: number): number {
    const p = this.#prices;
    switch (name) {
      case 'optimizeSerialization':
        return (outBytes / 1024) * p.serializeMsPerKiB;
      case 'deserialize':
        return (inBytes / 1024) * p.deserializeMsPerKiB;
      case 'implementCompression':
        return outBytes < inBytes ? p.zlibCallMs + (inBytes / 1024) * p.compressMsPerKiB : 0;
      case 'decompress':
        return outBytes > inBytes ? p.zlibCallMs + (outBytes / 1024) * p.decompressMsPerKiB : 0;
    }
  }

  #charge(ms: number): void {
    const tally = this.#als.getStore();
    if (!tally) return; // outside a request (warm-up, a pub/sub handler): nobody waits for it
    tally.ms += ms;
    this.chargedMs += ms;
  }
}
