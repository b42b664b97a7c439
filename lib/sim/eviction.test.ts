import { describe, expect, it } from 'vitest';
import { KeyBudget, isEvictionPolicy, type EvictionPolicy } from './eviction.js';
import { LfuField, LFU_INIT_VAL, lruClock } from './lfu.js';

/** A budget on a hand-driven clock; each key takes 100 bytes so "used" is 100 × keys. */
function budget(policy: EvictionPolicy, maxKeys: number, extra: Partial<ConstructorParameters<typeof KeyBudget>[0]> = {}) {
  let now = 1_000_000_000_000;
  const b = new KeyBudget({ policy, maxmemory: maxKeys * 100, now: () => now, seed: 7, ...extra });
  return {
    b,
    advance: (ms: number) => (now += ms),
    used: () => b.dataBytes,
    add: (...keys: string[]) => keys.forEach((k) => b.set(k, 100)),
  };
}

describe('LFU counter (evict.c)', () => {
  it('always increments from the initial value, then with probability 1/((c-5)×factor+1)', () => {
    expect(LfuField.increment(LFU_INIT_VAL, 10, 0.999)).toBe(6);
    expect(LfuField.increment(6, 10, 1 / 11 - 1e-9)).toBe(7);
    expect(LfuField.increment(6, 10, 1 / 11 + 1e-9)).toBe(6);
    expect(LfuField.increment(255, 10, 0)).toBe(255);
  });

  it('decays one step per lfu-decay-time minutes since the last decrement', () => {
    const t0 = 60_000 * 1000;
    const field = LfuField.pack(t0, 9);
    expect(LfuField.decayed(field, t0 + 59_999, 1)).toBe(9);
    expect(LfuField.decayed(field, t0 + 3 * 60_000, 1)).toBe(6);
    expect(LfuField.decayed(field, t0 + 3 * 60_000, 2)).toBe(8);
    expect(LfuField.decayed(field, t0 + 30 * 60_000, 1)).toBe(0);
    expect(LfuField.decayed(field, t0 + 30 * 60_000, 0)).toBe(9); // decay disabled
  });

  it('keeps the LRU clock at one-second resolution', () => {
    expect(lruClock(5_999)).toBe(5);
    expect(lruClock(6_000)).toBe(6);
  });
});

describe('KeyBudget eviction', () => {
  it('knows every Redis policy name', () => {
    expect(isEvictionPolicy('allkeys-lfu')).toBe(true);
    expect(isEvictionPolicy('lru')).toBe(false);
  });

  it('noeviction refuses instead of evicting', () => {
    const { b, add, used } = budget('noeviction', 2);
    add('a', 'b', 'c');
    expect(b.evict(used)).toEqual({ evicted: [], oom: true });
    expect(b.size).toBe(3);
  });

  it('does nothing while under the limit, or without a limit', () => {
    const { b, add, used } = budget('allkeys-lru', 5);
    add('a', 'b');
    expect(b.evict(used)).toEqual({ evicted: [], oom: false });
    const unlimited = new KeyBudget({ policy: 'allkeys-lru', maxmemory: 0 });
    unlimited.set('x', 1e9);
    expect(unlimited.evict(() => unlimited.dataBytes).evicted).toEqual([]);
  });

  it('allkeys-lru with a full sample evicts exactly the least recently used key', () => {
    const { b, add, advance, used } = budget('allkeys-lru', 3, { samples: 10 });
    add('a');
    advance(2000);
    add('b');
    advance(2000);
    add('c');
    advance(2000);
    b.touch('a'); // a is now the most recent; b is the oldest
    add('d');
    expect(b.evict(used).evicted).toEqual(['b']);
  });

  it('allkeys-lfu with a full sample evicts the least frequently used key', () => {
    const { b, add, used } = budget('allkeys-lfu', 3, { samples: 10 });
    add('a', 'b', 'c');
    b.touch('a'); // 5 → 6 (probability 1)
    b.touch('c');
    add('d'); // new keys start at 5, like b
    const { evicted } = b.evict(used);
    expect(evicted).toHaveLength(1);
    expect(['b', 'd']).toContain(evicted[0]);
    expect(b.frequency('a')).toBe(6);
  });

  it('volatile-ttl evicts the key that expires soonest and ignores keys without TTL', () => {
    const { b, add, used } = budget('volatile-ttl', 3, { samples: 10 });
    add('persistent', 'late', 'soon', 'mid');
    b.setExpire('late', 9e12);
    b.setExpire('soon', 2e12);
    b.setExpire('mid', 5e12);
    expect(b.evict(used).evicted).toEqual(['soon']);
    expect(b.has('persistent')).toBe(true);
  });

  it('volatile policies run out of candidates (OOM) when no key has a TTL', () => {
    for (const policy of ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl'] as const) {
      const { b, add, used } = budget(policy, 1);
      add('a', 'b');
      expect(b.evict(used)).toEqual({ evicted: [], oom: true });
    }
  });

  it('random policies are deterministic for a seed and evict until under the limit', () => {
    const run = (seed: number) => {
      const b = new KeyBudget({ policy: 'allkeys-random', maxmemory: 500, seed });
      for (let i = 0; i < 20; i++) b.set(`k${i}`, 100);
      return b.evict(() => b.dataBytes).evicted;
    };
    expect(run(1)).toHaveLength(15);
    expect(run(1)).toEqual(run(1));
    expect(run(1)).not.toEqual(run(2));
  });

  it('skips pool entries whose key was deleted meanwhile (ghosts)', () => {
    const { b, add, advance, used } = budget('allkeys-lru', 2, { samples: 10 });
    add('old');
    advance(5000);
    add('x', 'y');
    b.evict(used); // samples all three: evicts 'old', x and y stay in the pool
    expect(b.has('old')).toBe(false);
    b.delete('x');
    add('z', 'w');
    const { evicted } = b.evict(used);
    expect(evicted).toEqual(['y']); // x is a ghost; y is the next best pooled candidate
  });

  it('keeps the LFU counter when a key is overwritten and reports OBJECT IDLETIME seconds', () => {
    const { b, add } = budget('allkeys-lfu', 10);
    add('a');
    b.touch('a');
    b.set('a', 300);
    expect(b.frequency('a')).toBe(6);
    const lru = budget('allkeys-lru', 10);
    lru.add('k');
    lru.advance(3500);
    expect(lru.b.idleSeconds('k')).toBe(3);
  });
});
