/**
 * The embedded cache under a cost model and the virtual clock: replies arrive exactly when the
 * model says (docs/cost-model.md), round trips / connections / bytes are counted per client and
 * per server, and time-based behaviour (TTL, active expiry, ops/sec) follows virtual time.
 */
import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../../sim/clock.js';
import { commandCost, DEFAULT_COST_MODEL, type CostModel } from '../../sim/cost-model.js';
import { createEmbeddedCacheServer } from './embedded.js';
import { replySize, requestSize } from './resp.js';

// Whole-millisecond prices, so every instant is exact on the virtual clock.
const WHOLE: CostModel = { roundTripMs: 2, connectMs: 5, transferMsPerKiB: 0, serializeMsPerKiB: 0, serverMsPerCommand: 0 };

describe('embedded cache on the virtual clock', () => {
  it('charges connect once, then one round trip per command and per pipeline', async () => {
    const clock = new VirtualClock();
    const server = createEmbeddedCacheServer({ cost: WHOLE, clock });
    const times = await clock.run(async () => {
      const client = server.createClient();
      const t0 = clock.now();
      await client.set('a', '1'); // connect 5 + 2
      const t1 = clock.now();
      await client.get('a');
      const t2 = clock.now();
      await client.pipeline().get('a').get('a').get('a').exec();
      const t3 = clock.now();
      await Promise.all([client.get('a'), client.get('a'), client.get('a')]); // overlapping round trips
      const t4 = clock.now();
      return [t1 - t0, t2 - t1, t3 - t2, t4 - t3];
    });
    expect(times).toEqual([7, 2, 2, 2]);
    const net = server.network();
    expect(net).toMatchObject({ connectionsOpened: 1, roundTrips: 6, commands: 8 });
    await server.close();
  });

  it('adds up fractional costs exactly over sequential commands (within half a millisecond)', async () => {
    const clock = new VirtualClock();
    const server = createEmbeddedCacheServer({ cost: DEFAULT_COST_MODEL, clock });
    const value = 'x'.repeat(1024);
    const elapsed = await clock.run(async () => {
      const client = server.createClient();
      await client.set('user:42', value);
      const start = clock.now();
      for (let i = 0; i < 100; i++) await client.get('user:42');
      return clock.now() - start;
    });
    const one = commandCost(DEFAULT_COST_MODEL, { requestBytes: requestSize('get', ['user:42']), replyBytes: replySize(value) }).totalMs;
    expect(one).toBeCloseTo(1.0286, 4);
    expect(Math.abs(elapsed - 100 * one)).toBeLessThan(0.5 + 1e-9); // 102.86 ms
    await server.close();
  });

  it('keeps replies in order on one connection and lets separate connections overlap', async () => {
    const clock = new VirtualClock();
    const server = createEmbeddedCacheServer({ cost: { ...WHOLE, transferMsPerKiB: 10 }, clock });
    const order = await clock.run(async () => {
      const a = server.createClient();
      const b = server.createClient();
      await Promise.all([a.ping(), b.ping()]);
      await a.set('big', 'x'.repeat(10 * 1024)); // its reply (OK) is small, the request is 100 ms on the wire
      const seen: string[] = [];
      const t0 = clock.now();
      await Promise.all([
        a.get('big').then(() => seen.push(`a-big@${clock.now() - t0}`)),
        a.get('missing').then(() => seen.push(`a-small@${clock.now() - t0}`)),
        b.get('missing').then(() => seen.push(`b-small@${clock.now() - t0}`)),
      ]);
      return seen;
    });
    // the small reply on connection a waits behind the 100 ms one; connection b is not held up
    expect(order).toEqual(['b-small@2', 'a-big@102', 'a-small@102']);
    await server.close();
  });

  it('counts network use per client and per server, closed clients included', async () => {
    const server = createEmbeddedCacheServer();
    const a = server.createClient();
    const b = a.duplicate();
    await a.set('k', 'v');
    await b.get('k');
    await b.pipeline().get('k').set('k', 'w').exec();
    expect(server.networkOf(a)).toEqual({ connectionsOpened: 1, roundTrips: 1, commands: 1, bytesSent: requestSize('set', ['k', 'v']), bytesReceived: 5 });
    expect(server.networkOf(b)).toMatchObject({ connectionsOpened: 1, roundTrips: 2, commands: 3 });
    await b.quit();
    expect(server.network()).toMatchObject({ connectionsOpened: 2, roundTrips: 4, commands: 5 });
    server.resetNetwork();
    expect(server.network().roundTrips).toBe(0);
    await server.close();
  });

  it('follows virtual time for TTLs, active expiry and instantaneous ops/sec', async () => {
    const clock = new VirtualClock();
    const server = createEmbeddedCacheServer({ clock });
    const seen = await clock.run(async () => {
      const client = server.createClient();
      await client.set('session', 'v', 'PX', 1000);
      await client.set('other', 'v', 'EX', 10);
      await clock.sleep(400);
      const pttl = await client.pttl('session');
      await clock.sleep(601);
      const dbsize = await client.dbsize(); // swept without anyone reading 'session'
      for (let i = 0; i < 100; i++) {
        await client.get('other');
        await clock.sleep(20);
      }
      const info = await client.info('stats');
      return { pttl, dbsize, info };
    });
    expect(seen.pttl).toBe(600);
    expect(seen.dbsize).toBe(1);
    expect(seen.info).toMatch(/^expired_keys:1\r$/m);
    expect(seen.info).toMatch(/^instantaneous_ops_per_sec:50\r$/m); // one GET per 20 ms over the 1.6 s window
    await server.close();
  });
});
