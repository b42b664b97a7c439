/**
 * Hidden tests of how the optimizer uses connections: shared between concurrent requests, never
 * one per request, given back on close; a pool with nothing to give (E_POOL_EXHAUSTED, then
 * recovery); connections that break (destroyed, replaced, the pool never over its max); reply
 * errors that must not leak a connection; empty batches that must not touch the network.
 */
import { expect } from 'vitest';
import { codeOf, settle, type SuiteContext } from './kit.js';

/** Registers the connection tests. */
export function registerConnectionTests({ scenario }: SuiteContext): void {
  scenario('300 concurrent reads share the optimizer’s connections: no new connection per request', async ({ instances, raw, network, resetNetwork, kind }) => {
    const [app] = instances<string>(1, { options: { connections: 2, localTtlMs: 0 }, pool: { max: 8 } });
    for (let i = 0; i < 30; i++) await raw.set(`k${i}`, app!.optimizer.implementCompression(app!.optimizer.optimizeSerialization(`v${i}`)));
    await app!.optimizer.optimizeConnections();
    resetNetwork();
    const values = await Promise.all(Array.from({ length: 300 }, (_, i) => app!.optimizer.read(`k${i % 30}`)));
    expect(
      values.every((v, i) => v === `v${i % 30}`),
      'every read got its value',
    ).toBe(true);
    // A real connection reports itself opened when its handshake ends, which may be after the reset.
    if (kind === 'embedded') expect(network().connectionsOpened, 'connections opened by 300 reads after optimizeConnections()').toBe(0);
    expect(app!.pool.stats.opened, 'connections the pool opened in all (options.connections = 2)').toBeLessThanOrEqual(2);
  });

  scenario('pool exhaustion: with no connection to get, reads reject with E_POOL_EXHAUSTED in time, then recover', async ({ instances, raw, clock }) => {
    const [app] = instances<string>(1, { options: { connections: 1 }, pool: { max: 1, acquireTimeoutMs: 300 } });
    const held = await app!.pool.acquire(); // another part of the app holds the only connection
    await app!.optimizer.optimizeConnections().catch(() => undefined);
    const started = clock.now();
    const outcome = await settle(app!.optimizer.read('k'));
    expect(codeOf(outcome.error), 'read while the pool has nothing to give').toBe('E_POOL_EXHAUSTED');
    expect(clock.now() - started, 'it gives up after about acquireTimeoutMs (300 ms), it does not hang').toBeLessThan(2_000);
    app!.pool.release(held);
    await raw.set('k', app!.optimizer.implementCompression(app!.optimizer.optimizeSerialization('back')));
    expect(await app!.optimizer.read('k'), 'once the connection is free again').toBe('back');
  });

  scenario('connections that break are destroyed and replaced: reads recover, the pool stays within max', async ({ instances }) => {
    const [app] = instances<string>(1, { options: { connections: 2, localTtlMs: 0 }, pool: { max: 2, acquireTimeoutMs: 500 } });
    await app!.optimizer.write('k', 'v');
    for (let round = 0; round < 3; round++) {
      for (const c of app!.pooled) c.disconnect(); // the network drops every connection
      let value: string | undefined;
      for (let attempt = 0; attempt < 3 && value === undefined; attempt++) value = (await settle(app!.optimizer.read('k'))).value;
      expect(value, `round ${round}: a read within 3 attempts after every connection broke`).toBe('v');
      expect(app!.pool.stats.open, `round ${round}: connections open (pool max 2)`).toBeLessThanOrEqual(2);
    }
    expect(app!.pool.stats.destroyed, 'broken connections given back with pool.destroy()').toBeGreaterThanOrEqual(2);
  });

  scenario('a reply error (WRONGTYPE) rejects that read and leaks no connection', async ({ instances, raw }) => {
    const [app] = instances<string>(1, { options: { connections: 1, localTtlMs: 0 }, pool: { max: 2, acquireTimeoutMs: 300 } });
    await raw.hset('not-a-string', 'f', '1');
    await app!.optimizer.write('good', 'value');
    for (let i = 0; i < 20; i++) {
      const { error } = await settle(app!.optimizer.read('not-a-string'));
      expect(error, `read ${i} of a hash key`).toBeDefined();
    }
    expect(await app!.optimizer.read('good'), 'a good key after 20 failed reads').toBe('value');
    expect(app!.pool.stats.inUse, 'connections in use (options.connections = 1)').toBeLessThanOrEqual(1);
    expect(app!.pool.stats.timeouts, 'nobody waited for a connection in vain').toBe(0);
  });

  scenario('empty batches: readMany([]) resolves to [] without a connection or a round trip', async ({ instances, network, resetNetwork }) => {
    const [app] = instances<string>(1);
    resetNetwork();
    expect(await app!.optimizer.readMany([])).toEqual([]);
    expect(network().roundTrips, 'round trips for an empty batch').toBe(0);
    expect(app!.pool.stats.opened, 'connections opened for an empty batch').toBe(0);
  });

  scenario('close gives every connection back to the pool', async ({ instances }) => {
    const [app] = instances<string>(1, { options: { connections: 3 }, pool: { max: 4 } });
    await app!.optimizer.optimizeConnections();
    await app!.optimizer.write('k', 'v');
    expect(app!.pool.stats.inUse, 'in use after optimizeConnections with connections = 3').toBeGreaterThanOrEqual(1);
    await app!.optimizer.close();
    expect(app!.pool.stats.inUse, 'in use after close()').toBe(0);
  });
}
