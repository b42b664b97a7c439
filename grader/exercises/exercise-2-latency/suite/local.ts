/**
 * Hidden tests of the local tier as the optimizer uses it: hits cost no round trip, the byte bound
 * evicts, the TTL expires, 0 turns it off, addLocalCaching serves what it was given (once the
 * optimizer is subscribed) and refuses what does not fit.
 */
import { expect } from 'vitest';
import { prose, type SuiteContext } from './kit.js';

/** Registers the local-tier tests. */
export function registerLocalTests({ scenario }: SuiteContext): void {
  scenario('a second read of a key is served locally: no round trip', async ({ instances, network, resetNetwork, afterWrite }) => {
    const [app] = instances<string>(1);
    await app!.optimizer.write('profile:1', 'Ada');
    await afterWrite();
    expect(await app!.optimizer.read('profile:1')).toBe('Ada');
    resetNetwork();
    expect(await app!.optimizer.read('profile:1')).toBe('Ada');
    expect(await app!.optimizer.readMany(['profile:1', 'profile:1'])).toEqual(['Ada', 'Ada']);
    expect(network().roundTrips, 'round trips for reads of a key held locally').toBe(0);
  });

  scenario('the local tier evicts at its byte bound: the oldest key goes back to the network', async ({ instances, network, resetNetwork, afterWrite }) => {
    const [app] = instances<string>(1, { options: { localMaxBytes: 64 * 1024, localMaxEntries: 1_000 } });
    const keys = Array.from({ length: 12 }, (_, i) => `post:${i}`);
    for (const [i, k] of keys.entries()) await app!.optimizer.write(k, prose(16 * 1024, i + 1)); // 12 × 16 KiB ≫ 64 KiB
    await afterWrite();
    for (const k of keys) await app!.optimizer.read(k);
    resetNetwork();
    await app!.optimizer.read('post:11');
    expect(network().roundTrips, 'the most recent key is still local').toBe(0);
    await app!.optimizer.read('post:0');
    expect(network().roundTrips, 'the first of 192 KiB of values, with localMaxBytes 64 KiB, must have been evicted').toBe(1);
  });

  scenario('the local tier evicts at its entry bound', async ({ instances, network, resetNetwork, afterWrite }) => {
    const [app] = instances<string>(1, { options: { localMaxEntries: 5 } });
    for (let i = 0; i < 10; i++) await app!.optimizer.write(`n:${i}`, `v${i}`);
    await afterWrite();
    for (let i = 0; i < 10; i++) await app!.optimizer.read(`n:${i}`);
    resetNetwork();
    for (let i = 5; i < 10; i++) await app!.optimizer.read(`n:${i}`);
    expect(network().roundTrips, 'the last 5 keys, with localMaxEntries 5').toBe(0);
    await app!.optimizer.read('n:0');
    expect(network().roundTrips, 'the first key').toBe(1);
  });

  scenario('a local entry expires after localTtlMs; localTtlMs 0 turns the tier off', async ({ instances, network, resetNetwork, sleep, afterWrite }) => {
    const [app, off] = [...instances<string>(1, { options: { localTtlMs: 500 } }), ...instances<string>(1, { options: { localTtlMs: 0 } })];
    await app!.optimizer.write('k', 'v');
    await afterWrite();
    await app!.optimizer.read('k');
    await off!.optimizer.read('k');
    resetNetwork();
    await app!.optimizer.read('k');
    expect(network().roundTrips, 'within the TTL').toBe(0);
    await off!.optimizer.read('k');
    expect(network().roundTrips, 'with localTtlMs 0 every read goes to the cache').toBe(1);
    await sleep(800);
    await app!.optimizer.read('k');
    expect(network().roundTrips, 'past the TTL (500 ms)').toBe(2);
  });

  scenario(
    'addLocalCaching: once the tier is usable, what it keeps is served without a round trip; what cannot fit is refused',
    async ({ instances, network, resetNetwork }) => {
      const [app] = instances<unknown>(1, { options: { localMaxBytes: 10 * 1024 } });
      // README §3: an optimizer may distrust its local tier until it listens for invalidations.
      await app!.optimizer.optimizeConnections();
      resetNetwork();
      expect(app!.optimizer.addLocalCaching('hot', { likes: 7 }), 'a small value').toBe(true);
      expect(await app!.optimizer.read('hot'), 'read of a key added locally').toEqual({ likes: 7 });
      expect(network().roundTrips, 'round trips').toBe(0);
      expect(app!.optimizer.addLocalCaching('huge', prose(50 * 1024)), 'a 50 KiB value with localMaxBytes 10 KiB').toBe(false);
    },
  );
}
