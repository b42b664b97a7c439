/** The measuring parts of exercise 2's load check: staleness, remote-read counting, the data and its checks, the parameters. */
import { describe, expect, test } from 'vitest';
import { embeddedBackend } from '../backends.js';
import { Catalogue } from './catalogue.js';
import { History } from './history.js';
import { scenarioFor } from './params.js';
import { ReadCounter } from './read-counter.js';

describe('History', () => {
  test('a read is stale when it began after a newer write completed, beyond the bound', async () => {
    const h = new History(1);
    for (const at of [0, 100]) (await h.begin('k')).done(at); // versions 0 and 1, completed at 0 and 100
    h.read('k', 0, 100.5); // within the bound of the write of version 1
    h.read('k', 1, 500);
    h.read('other', 0, 500); // never written by the check
    expect(h.staleReads).toBe(0);
    h.read('k', 0, 140);
    expect([h.staleReads, h.maxStalenessMs]).toEqual([1, 40]);
    expect(h.firstStale).toMatch(/began 40 ms after version 1 was written and returned version 0/);
  });

  test('writes of one key take turns, so their versions complete in order', async () => {
    const h = new History(0);
    const first = await h.begin('k');
    let secondStarted = false;
    const second = h.begin('k').then((t) => ((secondStarted = true), t));
    await Promise.resolve();
    expect(secondStarted, 'the second write waits for the first').toBe(false);
    first.done(10);
    expect((await second).version).toBe(1);
  });
});

describe('ReadCounter', () => {
  test('counts the keys of GET, MGET, pipelines, MULTI and call(), not of writes', async () => {
    const backend = embeddedBackend();
    const counter = new ReadCounter();
    await backend.run(async () => {
      const c = counter.wrap(backend.client());
      await c.set('a', '1');
      await c.get('a');
      await c.getBuffer('a');
      await c.mget('a', 'b', 'c');
      await c.mgetBuffer(['a', 'b']);
      await c.pipeline().get('a').getBuffer('b').set('c', '3').exec();
      await c.multi().mget('a', 'b').exec();
      await c.call('GET', 'a');
      expect(counter.keys).toBe(1 + 1 + 3 + 2 + 2 + 2 + 1);
      expect(c.status, 'other properties pass through').toBe('ready');
    });
    await backend.close();
  });
});

describe('Catalogue', () => {
  const scenario = scenarioFor({ seed: 'catalogue', scale: 0.25, backend: 'embedded' });

  test('the same seed gives the same plan; pages list 20–50 distinct posts', () => {
    const a = new Catalogue(scenario, 'catalogue').plan();
    const b = new Catalogue(scenario, 'catalogue').plan();
    expect(a).toEqual(b);
    const pages = a.filter((r) => r.kind === 'page');
    expect(pages.length / a.length).toBeGreaterThan(0.6);
    for (const p of pages) {
      expect(p.posts.length).toBeGreaterThanOrEqual(20);
      expect(p.posts.length).toBeLessThanOrEqual(50);
      expect(new Set(p.posts).size).toBe(p.posts.length);
    }
  });

  test('verify accepts the written value and names what is wrong with anything else', () => {
    const c = new Catalogue(scenario, 'catalogue');
    const page = c.plan().find((r) => r.kind === 'page')!;
    if (page.kind !== 'page') throw new Error('no page');
    const v0 = c.valueOf(page.timeline, 0);
    const size = JSON.stringify(v0).length;
    expect(size).toBeGreaterThanOrEqual(scenario.timelineBytes.min - 64);
    expect(c.verify(page.timeline, structuredClone(v0))).toEqual({ version: 0 });
    expect(c.verify(page.timeline, { ...v0, version: 7 })).toMatchObject({ wrong: expect.stringMatching(/version 7, which was never written/) });
    expect(c.verify(page.timeline, { ...v0, body: v0.body.slice(1) })).toMatchObject({ wrong: expect.stringMatching(/differs from the one written/) });
    expect(c.verify(page.timeline, undefined)).toMatchObject({ wrong: expect.stringMatching(/found nothing/) });
    expect(c.verify(page.profile, v0)).toMatchObject({ wrong: expect.stringMatching(/not the object written for it/) });
  });
});

describe('scenarioFor', () => {
  test('scale multiplies instances, callers, requests and keys; a bad scale is refused', () => {
    const one = scenarioFor({ seed: 1, scale: 1, backend: 'embedded' });
    const two = scenarioFor({ seed: 1, scale: 2, backend: 'embedded' });
    expect([two.instances, two.callers, two.requests, two.keys]).toEqual([2 * one.instances, 2 * one.callers, 2 * one.requests, 2 * one.keys]);
    expect(two.pool).toEqual(one.pool);
    expect(() => scenarioFor({ seed: 1, scale: 0, backend: 'embedded' })).toThrow(/scale must be a positive number, got 0/);
  });
});
