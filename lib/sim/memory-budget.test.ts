import { describe, expect, it } from 'vitest';
import { MemoryBudget, REDIS_CLIENT_BYTES, REDIS_STARTUP_BYTES } from './memory-budget.js';

// used = startup + clients × per-client + Σ entries + 32 × volatile keys + 8 × (buckets + expires buckets)
describe('MemoryBudget used_memory', () => {
  it('adds startup, clients, entries and the dict bucket arrays', () => {
    const m = new MemoryBudget({ startupBytes: 1000, clientBytes: 100 });
    m.setClients(2);
    expect(m.used()).toBe(1200);
    m.set('a', 50);
    expect(m.used()).toBe(1200 + 50 + 8 * 4); // first key allocates 4 buckets
    for (const k of ['b', 'c', 'd']) m.set(k, 50);
    expect(m.buckets().main).toBe(4);
    m.set('e', 50); // 5th key: 4 used ≥ 4 buckets → grow to 8
    expect(m.buckets().main).toBe(8);
    expect(m.used()).toBe(1200 + 250 + 64);
    m.setExpire('a', 123);
    expect(m.used()).toBe(1200 + 250 + 64 + 32 + 8 * 4); // expire entry + expires dict
  });

  it('uses the calibrated Redis 7 defaults', () => {
    const m = new MemoryBudget();
    m.setClients(1);
    expect(m.used()).toBe(REDIS_STARTUP_BYTES + REDIS_CLIENT_BYTES);
    expect(REDIS_STARTUP_BYTES).toBe(876_104);
  });

  it('does not grow a table past maxmemory until the load factor exceeds 1.618', () => {
    const m = new MemoryBudget({ startupBytes: 0, clientBytes: 0, maxmemory: 480 });
    for (const k of ['a', 'b', 'c', 'd']) m.set(k, 100); // 400 + 32 = 432
    m.set('e', 10); // growing to 8 buckets would reach 432 + 64 > 480: blocked
    expect(m.buckets().main).toBe(4);
    m.set('f', 1);
    m.set('g', 1); // load 6/4 = 1.5: still blocked
    expect(m.buckets().main).toBe(4);
    m.set('h', 1); // load 7/4 = 1.75 > 1.618: forced
    expect(m.buckets().main).toBe(8);
  });

  it('shrinks tables below 10 % fill on cron and frees them on FLUSHALL', () => {
    const m = new MemoryBudget({ startupBytes: 0, clientBytes: 0 });
    for (let i = 0; i < 100; i++) m.set(`k${i}`, 1);
    expect(m.buckets().main).toBe(128);
    for (let i = 0; i < 95; i++) m.delete(`k${i}`);
    m.cron();
    expect(m.buckets().main).toBe(8);
    m.clear();
    expect(m.used()).toBe(0);
  });

  it('evicts until used_memory is under maxmemory, counting tables and base', () => {
    const m = new MemoryBudget({ startupBytes: 1000, clientBytes: 0, maxmemory: 1000 + 32 + 300, policy: 'allkeys-random' });
    for (const k of ['a', 'b', 'c', 'd']) m.set(k, 100); // 1000 + 400 + 32 = 1432
    const { evicted, oom } = m.performEvictions();
    expect(oom).toBe(false);
    expect(evicted).toHaveLength(1);
    expect(m.used()).toBe(1332);
    expect(m.overLimit()).toBe(false);
  });
});

describe('MemoryBudget fixed overheads', () => {
  it('adds a latency histogram per distinct command run', () => {
    const m = new MemoryBudget({ startupBytes: 100, clientBytes: 10, histogramBytes: 1000 });
    m.setClients(1);
    m.setTrackedCommands(3);
    expect(m.baseline()).toBe(100 + 10 + 3000);
    expect(m.startup()).toBe(100);
  });
});
