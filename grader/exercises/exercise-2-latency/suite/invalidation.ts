/**
 * Hidden tests of the local tier's correctness across instances: a write on one instance is seen
 * by every other instance's next read, the writer sees its own write, writes are announced on
 * options.channel, and a read in flight during another instance's write does not keep the old value.
 */
import { expect } from 'vitest';
import { noise, type SuiteContext } from './kit.js';

/** Registers the invalidation tests. */
export function registerInvalidationTests({ scenario }: SuiteContext): void {
  scenario('a write on one instance drops the local copies of every other instance', async ({ instances, afterWrite }) => {
    const apps = instances<string>(3);
    await apps[0]!.optimizer.write('profile:7', 'v1');
    for (const app of apps) expect(await app.optimizer.read('profile:7')).toBe('v1'); // now held locally everywhere
    await apps[1]!.optimizer.write('profile:7', 'v2');
    await afterWrite();
    for (const [i, app] of apps.entries()) expect(await app.optimizer.read('profile:7'), `instance ${i}, right after the write resolved`).toBe('v2');
  });

  scenario('every read that starts after a write completes sees it, over 60 mixed operations on 3 instances', async ({ instances, afterWrite }) => {
    const apps = instances<number>(3);
    const keys = ['a', 'b', 'c'];
    const latest: Record<string, number> = {};
    let seed = 12345;
    const next = (n: number) => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (const k of keys) {
      latest[k] = 0;
      await apps[0]!.optimizer.write(k, 0);
    }
    for (let step = 0; step < 60; step++) {
      const app = apps[next(3)]!;
      const key = keys[next(3)]!;
      if (next(3) === 0) {
        latest[key]! += 1;
        await app.optimizer.write(key, latest[key]!);
        await afterWrite();
      } else {
        expect(await app.optimizer.read(key), `step ${step}: read of ${key}`).toBe(latest[key]);
      }
    }
  });

  scenario('writes are announced on options.channel with the key as the message', async ({ instances, backend, sleep }) => {
    const [app] = instances<string>(1);
    const listener = backend.client('listener');
    const heard: string[] = [];
    listener.on('message', (_channel: string, message: string) => heard.push(message));
    await listener.subscribe(backend.channel);
    await app!.optimizer.write('post:9', 'x');
    for (let i = 0; i < 50 && heard.length === 0; i++) await sleep(10);
    expect(heard, `messages on ${backend.channel} after write("post:9")`).toContain('post:9');
    listener.disconnect();
  });

  scenario(
    'a read in flight while another instance writes does not keep the old value locally',
    async ({ instances, sleep }) => {
      const [a, b] = instances<unknown>(2, { options: { compressionThreshold: 1 << 30 } });
      const big = { v: 1, blob: noise(2 * 1024 * 1024) }; // ≈ 38 ms to arrive: a long flight
      await b!.optimizer.write('feed', big);
      await a!.optimizer.optimizeConnections();
      const inFlight = a!.optimizer.read('feed'); // A's GET runs at once, its reply takes a while
      await sleep(5);
      await b!.optimizer.write('feed', { v: 2 }); // lands while A's old value is on its way
      const first = (await inFlight) as { v: number };
      expect(first.v, 'the read that started before the write').toBe(1);
      const after = (await a!.optimizer.read('feed')) as { v: number };
      expect(after.v, 'A’s next read: it must not have kept the old value it was receiving when the write was announced').toBe(2);
    },
    { embeddedOnly: true },
  );
}
