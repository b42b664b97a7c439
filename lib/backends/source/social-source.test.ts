import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.js';
import { createSocialKeySpace } from '../../workload/social-keys.js';
import { valueFor } from '../../workload/value.js';
import { createEmbeddedSocialSource, type SocialSource } from './social-source.js';
import { MYSQL_SOCIAL_MAX_VALUE_BYTES, mysqlSocialSource } from './social-mysql.js';
import { openMysqlPool } from './mysql.js';
import type { Pool } from 'mysql2/promise';
import { loadAirport } from './airport/load.js';
import { dataSet, testDatabase } from './mysql-test-helpers.js';

describe('embedded social source', () => {
  const space = createSocialKeySpace({ keys: 600 });

  it("loads the deterministic value of the current version, of the key's size", async () => {
    const source = createEmbeddedSocialSource(space);
    const key = space.keyAt(42);
    expect(await source.load(key)).toBe(valueFor(key, 0, space.sizeAt(42)));
    expect(await source.write(key)).toBe(1);
    expect(await source.write(key)).toBe(2);
    expect(await source.version(key)).toBe(2);
    expect(await source.load(key)).toBe(valueFor(key, 2, space.sizeAt(42)));
    expect(JSON.parse(await source.load(key)).version).toBe(2);
    await source.reset();
    expect(await source.version(key)).toBe(0);
  });

  it('counts loads and writes separately, with latency on the clock', async () => {
    const clock = new VirtualClock();
    const source = createEmbeddedSocialSource(space, { clock, latencyMs: 10, writes: { clock, latencyMs: 25 } });
    await clock.run(async () => {
      const t0 = clock.now();
      await Promise.all([source.load(space.keyAt(1)), source.load(space.keyAt(2)), source.write(space.keyAt(3))]);
      expect(clock.now() - t0).toBe(25);
    });
    expect(source.stats).toMatchObject({ calls: 2, peakInFlight: 2 });
    expect(source.writeStats).toMatchObject({ calls: 1, peakInFlight: 1 });
    source.resetStats();
    expect(source.stats.calls + source.writeStats.calls).toBe(0);
  });

  it('rejects keys outside its key space, counting the failure', async () => {
    const source = createEmbeddedSocialSource(space);
    await expect(source.load('user:999:profile')).rejects.toMatchObject({ code: 'E_BAD_SOURCE_KEY' });
    await expect(source.load('profile:1')).rejects.toThrow('a key of the social key space (600 keys), e.g. "user:0:profile"');
    await expect(source.write('nope')).rejects.toMatchObject({ code: 'E_BAD_SOURCE_KEY' });
    expect(source.stats.failures).toBe(2);
    expect(source.writeStats.failures).toBe(1);
  });

  it('caps values at maxValueBytes when asked', async () => {
    const big = createSocialKeySpace({ keys: 10_000 });
    const index = Array.from({ length: big.count }, (_, i) => i).find((i) => big.sizeAt(i) > 100_000)!;
    const source = createEmbeddedSocialSource(big, { maxValueBytes: 4096 });
    expect((await source.load(big.keyAt(index))).length).toBe(4096);
    expect(() => createEmbeddedSocialSource(big, { maxValueBytes: 0 })).toThrow('option "maxValueBytes" must be an integer');
  });
});

describe('MySQL social source (database cachelab_test_social)', () => {
  const settings = testDatabase('cachelab_test_social');
  const space = createSocialKeySpace({ keys: 3000, keyPrefix: 'st:' });
  let pool: Pool;
  let real: SocialSource;

  beforeAll(async () => {
    const { data, hash } = dataSet({ passengers: 20, flights: 3 }); // creates the schema, social_item included
    await loadAirport(settings, data, hash);
    pool = await openMysqlPool(settings);
    real = mysqlSocialSource(pool, settings, space);
    await real.reset();
  });
  afterAll(async () => {
    await pool?.end();
  });

  it('gives the same values and versions as the embedded source capped at 64 KiB', async () => {
    const embedded = createEmbeddedSocialSource(space, { maxValueBytes: MYSQL_SOCIAL_MAX_VALUE_BYTES });
    const keys = Array.from({ length: space.count }, (_, i) => i)
      .filter((i) => i % 97 === 0 || space.sizeAt(i) > MYSQL_SOCIAL_MAX_VALUE_BYTES)
      .map((i) => space.keyAt(i));
    expect(keys.some((k) => space.sizeAt(space.indexOf(k)) > MYSQL_SOCIAL_MAX_VALUE_BYTES)).toBe(true);
    for (const key of keys) expect(await real.load(key), key).toBe(await embedded.load(key));
    for (const key of keys.slice(0, 5)) {
      expect(await real.write(key)).toBe(await embedded.write(key));
      expect(await real.load(key)).toBe(await embedded.load(key));
    }
    expect(await real.version(keys[0]!)).toBe(1);
    expect(real.stats.calls).toBe(keys.length + 5);
    expect(real.writeStats.calls).toBe(5);
  });

  it('serializes concurrent writes to one key: 20 writes → version 20', async () => {
    const key = space.keyAt(1);
    await real.reset();
    const versions = await Promise.all(Array.from({ length: 20 }, () => real.write(key)));
    expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await real.load(key)).toBe(valueFor(key, 20, Math.min(space.sizeAt(1), MYSQL_SOCIAL_MAX_VALUE_BYTES)));
  });

  it('answers concurrent first loads of a key with one value', async () => {
    const key = space.keyAt(2);
    const values = await Promise.all(Array.from({ length: 10 }, () => real.load(key)));
    expect(new Set(values).size).toBe(1);
    expect(values[0]).toBe(valueFor(key, 0, Math.min(space.sizeAt(2), MYSQL_SOCIAL_MAX_VALUE_BYTES)));
  });

  it('resets only the keys of its own prefix', async () => {
    const other = mysqlSocialSource(pool, settings, createSocialKeySpace({ keys: 60, keyPrefix: 'other_%:' }));
    await other.write('other_%:user:0:profile');
    await real.write(space.keyAt(3));
    await real.reset();
    expect(await real.version(space.keyAt(3))).toBe(0);
    expect(await other.version('other_%:user:0:profile')).toBe(1);
    await other.reset();
    expect(await other.version('other_%:user:0:profile')).toBe(0);
  });
});
