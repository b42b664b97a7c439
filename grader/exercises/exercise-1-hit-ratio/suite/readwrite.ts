/** Hidden tests of read and write: one value per item, no stale reads, huge values, a cache that refuses writes. */
import { expect } from 'vitest';
import { codeOf, itemOfSize, versionOf, type SuiteContext } from './kit.js';

/** Registers the read/write tests. */
export function registerReadWriteTests({ scenario }: SuiteContext): void {
  scenario("read: every app's key of an item and its normalized key share one cached value", async (w) => {
    const { optimizer } = w.optimizer();
    const forms = ['/users/21/posts/2?_=1767225600', 'User:21:Post:2?v=7.1', 'user:21:post:2?lang=en-US', 'user:21:post:2', ' USERS:21:POSTS:02 '];
    const values = [];
    for (const k of forms) values.push(await optimizer.read(k));
    expect(new Set(values).size, 'one value for every form').toBe(1);
    expect(values[0], 'the value the source holds').toBe(await w.source.load('user:21:post:2'));
    expect(w.source.stats.calls, 'loads: 1 by the reads + 1 by this test').toBe(2);
  });

  scenario('read/write across instances and apps: never an outdated value, and reads after writes hit', async (w) => {
    const apps = [w.optimizer().optimizer, w.optimizer().optimizer, w.optimizer().optimizer];
    const forms = (n: number) => [`/users/8/timeline?_=${1767225600 + n}`, 'User:8:Timeline?v=7.2', 'user:8:timeline?lang=de-DE', 'user:8:timeline'];
    expect(versionOf(await apps[0]!.read(forms(0)[0]!))).toBe(0);
    for (let i = 1; i <= 6; i++) {
      await apps[i % 3]!.write(forms(i)[i % 4]!);
      const loads = w.source.stats.calls;
      const value = await apps[(i + 1) % 3]!.read(forms(i)[(i + 1) % 4]!);
      expect(versionOf(value), `read after write ${i} (through another instance and another app's key)`).toBe(i);
      expect(w.source.stats.calls, `read after write ${i} loaded from the source: it should be a hit`).toBe(loads);
    }
    expect(w.source.writeStats.calls, 'one source write per write()').toBe(6);
  });

  scenario('read: a 10 MiB item round-trips through the cache intact and is stored compressed', async (w) => {
    const source = w.newSource({ keys: 4_800 });
    const { key, size } = itemOfSize({ ...w, source }, 8 * 1024 * 1024);
    const a = w.optimizer({}, source).optimizer;
    const b = w.optimizer({}, source).optimizer;
    // MEMORY USAGE of every key: used_memory would also count a real server's client buffers.
    const stored = async () => {
      let total = 0;
      for (const k of await w.cache.admin().keys('*')) total += Number(await w.cache.admin().memory('USAGE', k)) || 0;
      return total;
    };
    await a.read('user:0:profile');
    const before = await stored();
    const loads = source.stats.calls;
    const first = await a.read(key);
    const added = (await stored()) - before;
    const second = await b.read(key.replace('user:', 'User:').replace(/:(\w)/g, (_, c: string) => `:${c.toUpperCase()}`) + '?v=7.1');
    expect(first.length, 'length of the value read').toBe(size);
    expect(second === first, 'the value read back from the cache by another instance').toBe(true);
    expect(source.stats.calls - loads, 'loads for two reads of the huge item').toBe(1);
    expect(added / size, `storing the ${size}-byte value took ${added} bytes (MEMORY USAGE)`).toBeLessThan(0.5);
  });

  scenario('read: a key that names no item is rejected with E_INVALID_KEY and loads nothing', async (w) => {
    const { optimizer } = w.optimizer();
    for (const bad of ['user:1:avatar', '', 'sessions:1'])
      expect(await codeOf(() => optimizer.read(bad)), `read(${JSON.stringify(bad)})`).toBe('E_INVALID_KEY');
    expect(w.source.stats.calls).toBe(0);
  });

  scenario('read: when the cache refuses writes (OOM under noeviction), readers still get their values', async (w) => {
    const { optimizer } = w.optimizer();
    await w.cache.setBudget(1, 'noeviction');
    for (const k of ['user:2:profile', 'User:2:Profile?v=7.1', '/users/3/posts/0?_=1']) {
      const value = await optimizer.read(k);
      expect(versionOf(value), `read(${k}) with a full cache`).toBe(0);
    }
    await w.cache.setBudget(0, 'noeviction');
    await optimizer.write('user:2:profile');
    expect(versionOf(await optimizer.read('user:2:profile?lang=en-US')), 'after a write, with room again').toBe(1);
  });
}
