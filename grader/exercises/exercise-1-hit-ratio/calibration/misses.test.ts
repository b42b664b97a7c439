/**
 * Exercise 1's misses by cause: each cause on a hand-made sequence of loads and writes, and the
 * breakdown `npm run check exercise-1 -- --baseline` prints, which must add up to the misses.
 */
import path from 'node:path';
import { graderFile } from '../../../../lib/manifest.js';
import { describe, expect, test, vi } from 'vitest';
import { routeKey } from '../../../../lib/exercises/exercise-1-hit-ratio/legacy-keys.js';
import { createContentSource } from '../../../../lib/exercises/exercise-1-hit-ratio/source.js';
import { invalidatingWrites, uncompressedValues } from './ablations.js';
import { check, loadImplementation, runCheck } from '../../../../lib/exercises/exercise-1-hit-ratio/check.js';
import { renderReport } from '../../../../lib/load/report.js';
import { MissTracker } from '../../../../lib/exercises/exercise-1-hit-ratio/check/misses.js';

const root = path.resolve(import.meta.dirname, '..', '..', '..', '..');

describe('MissTracker', () => {
  const setup = (normalizeKey: (key: string) => string) => {
    const source = createContentSource({ keys: 12, maxBytes: 4096 });
    const tracker = new MissTracker(normalizeKey);
    return { source, tracker, tracked: tracker.track(source), item: source.keySpace.keyAt(0) };
  };
  const android = (item: string) => `${item}?lang=de-DE`;
  const ios = (item: string) => `${item}?lang=en-US`;

  test('a miss is a first read, then after a write, then through another key, then dropped', async () => {
    const { tracker, tracked, item } = setup((key) => key); // the baseline's plan: the app's key as it is
    tracker.miss(tracker.before(item, android(item)));
    expect(tracker.causes).toEqual({ firstRead: 1, afterWrite: 0, otherKey: 0, dropped: 0 });
    await tracked.load(android(item));
    tracker.miss(tracker.before(item, ios(item)));
    expect(tracker.causes.otherKey, 'loaded under the Android key only').toBe(1);
    tracker.miss(tracker.before(item, android(item)));
    expect(tracker.causes.dropped, 'loaded under this very key, and still a miss').toBe(1);
    await tracked.write(ios(item));
    tracker.miss(tracker.before(item, android(item)));
    expect(tracker.causes.afterWrite, 'written since its last load').toBe(1);
    await tracked.load(ios(item)); // the new version, under the iOS key only
    tracker.miss(tracker.before(item, android(item)));
    expect(tracker.causes).toEqual({ firstRead: 1, afterWrite: 1, otherKey: 2, dropped: 1 });
  });

  test("the plan is the submission's normalizeKey: two apps' keys of one item are the same key", async () => {
    const { tracker, tracked, item } = setup((key) => routeKey(key) ?? key);
    await tracked.load(android(item));
    tracker.miss(tracker.before(item, ios(item)));
    expect(tracker.causes).toEqual({ firstRead: 0, afterWrite: 0, otherKey: 0, dropped: 1 });
  });

  test("a normalizeKey that throws plans the app's key as it is; a write-through load makes the item current", async () => {
    const { tracker, tracked, item } = setup(() => {
      throw new Error('TODO');
    });
    await tracked.write(item);
    await tracked.load(item);
    tracker.miss(tracker.before(item, item));
    expect(tracker.causes).toEqual({ firstRead: 0, afterWrite: 0, otherKey: 0, dropped: 1 });
  });

  test("the tracked source hands back the source's own promises (the replay's timing is unchanged)", () => {
    const { source, tracker, item } = setup((key) => key);
    const loading = Promise.resolve('{"key":"x","version":0,"body":""}');
    source.load = vi.fn(() => loading);
    expect(tracker.track(source).load(item)).toBe(loading);
  });
});

describe('the load check prints the misses by cause', () => {
  const breakdown = /^note: misses by cause: (\d+) = (\d+) first reads .* \+ (\d+) after a write .* \+ (\d+) through another key .* \+ (\d+) dropped /m;

  test('npm run check exercise-1 -- --baseline: every cause occurs, and they add up to the reads that missed', async () => {
    const impl = await loadImplementation(path.join(root, graderFile('exercise-1-hit-ratio', 'baseline')));
    const result = await check.run(impl, check.visible);
    const printed = renderReport(result, { name: 'exercise-1', title: check.title, readmePath: 'README.md', dir: 'baseline' }, { color: false });
    const match = breakdown.exec(printed);
    expect(match, printed).not.toBeNull();
    const [total, ...causes] = match!.slice(1).map(Number) as [number, ...number[]];
    expect(causes.reduce((a, b) => a + b, 0)).toBe(total);
    for (const n of causes) expect(n).toBeGreaterThan(0);
    const reads = Number(/^note: trace: (\d+) reads/m.exec(printed)![1]);
    const hitRatio = result.figures.find((f) => f.id === 'hit-ratio')!.value;
    expect(Math.abs((100 * (reads - total)) / reads - hitRatio), 'misses = reads − hits').toBeLessThan(0.005);
  });

  test('the technique taken out shows as its cause: delete-on-write misses after writes, values stored as they are get dropped', async () => {
    const solution = await loadImplementation(path.join(root, 'solutions', 'exercise-1-hit-ratio'));
    const causes = async (module: typeof solution.module) => {
      const note = (await runCheck({ module, dir: '' }, { ...check.visible, scale: 0.5 })).notes.find((n) => n.startsWith('misses by cause'));
      const m = /: (\d+) = (\d+) first reads .* \+ (\d+) after a write .* \+ (\d+) through another key .* \+ (\d+) dropped /.exec(note ?? '');
      expect(m, note).not.toBeNull();
      const [firstRead, afterWrite, otherKey, dropped] = m!.slice(2).map(Number) as [number, number, number, number];
      return { firstRead, afterWrite, otherKey, dropped };
    };
    const reference = await causes(solution.module);
    expect(reference, 'normalized keys and write-through: only first reads and evictions can miss').toMatchObject({ afterWrite: 0, otherKey: 0 });
    const invalidating = await causes(invalidatingWrites(solution.module));
    expect(invalidating.afterWrite).toBeGreaterThan(0);
    expect(invalidating.otherKey).toBe(0);
    const uncompressed = await causes(uncompressedValues(solution.module));
    expect(uncompressed.dropped).toBeGreaterThan(reference.dropped);
    expect(uncompressed).toMatchObject({ afterWrite: 0, otherKey: 0 });
  });

  test('no breakdown when the replay stopped (the untouched stub)', async () => {
    const impl = await loadImplementation(path.join(root, 'exercises', 'exercise-1-hit-ratio'));
    const result = await check.run(impl, check.visible);
    expect(
      result.notes.some((n) => n.startsWith('misses by cause')),
      result.notes.join('\n'),
    ).toBe(false);
  });
});
