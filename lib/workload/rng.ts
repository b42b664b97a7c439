/**
 * A seeded pseudo-random generator (sfc32 seeded through splitmix32). Same seed, same sequence,
 * on every machine and Node version: traces and scores must not depend on Math.random.
 * Written by hand because the generator is 20 lines and must never change under us with a
 * dependency upgrade (a changed sequence would change every calibrated figure).
 */

/** A deterministic source of random numbers. */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** An independent generator derived from this one and a label (e.g. per worker). */
  fork(label: string | number): Rng;
}

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** FNV-1a hash of a string, used to turn labels and string seeds into 32-bit seeds. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Creates a generator from a numeric or string seed. */
export function createRng(seed: number | string): Rng {
  const mix = splitmix32(typeof seed === 'string' ? hash32(seed) : seed);
  let a = mix(),
    b = mix(),
    c = mix(),
    d = mix();
  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  for (let i = 0; i < 12; i++) nextU32();
  const rng: Rng = {
    next: () => nextU32() / 4294967296,
    int: (n) => Math.floor((nextU32() / 4294967296) * n),
    fork: (label) => createRng((nextU32() ^ hash32(String(label))) >>> 0),
  };
  return rng;
}
