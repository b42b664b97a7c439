/** The requests of exercise 1's load check: deterministic, keyed as the apps key them, with sessions. */
import { describe, expect, test } from 'vitest';
import { routeKey } from '../legacy-keys.js';
import { scenarioParams } from './params.js';
import { buildTrace } from './trace.js';

const params = scenarioParams({ seed: 't', scale: 0.1, backend: 'embedded' });

describe('exercise 1 trace', () => {
  test('the same seed gives the same requests; another seed other requests', () => {
    const a = buildTrace('s1', params);
    expect(buildTrace('s1', params).ops).toEqual(a.ops);
    expect(buildTrace('s2', params).ops).not.toEqual(a.ops);
    expect(a.ops.filter((o) => o.op === 'login').length).toBe(a.logins);
    expect(a.ops.filter((o) => o.op === 'read').length).toBe(a.reads);
  });

  test("every request's legacy key routes to its item, in the three apps' formats", () => {
    const { ops } = buildTrace('s1', params);
    const formats = new Set<string>();
    for (const op of ops.filter((o) => o.op !== 'login')) {
      expect(routeKey(op.key), op.key).toBe(op.item);
      formats.add(op.key.startsWith('/') ? 'web' : op.key.startsWith('User:') ? 'ios' : 'android');
    }
    expect([...formats].sort()).toEqual(['android', 'ios', 'web']);
  });

  test("a login is followed within a few requests by reads of the user's timeline and notifications", () => {
    const { ops } = buildTrace('s1', params);
    const i = ops.findIndex((o) => o.op === 'login');
    const next = ops
      .slice(i + 1, i + 30)
      .filter((o) => o.userId === ops[i]!.userId && o.op === 'read')
      .map((o) => o.item.split(':')[2]);
    expect(next).toEqual(expect.arrayContaining(['timeline', 'notifications']));
  });

  test("the warm-up list is yesterday's most read legacy keys, most read first", () => {
    const { log, popular } = buildTrace('s1', params);
    const count = (k: string) => log.filter((x) => x === k).length;
    expect(popular.length).toBe(params.warmKeys);
    expect(count(popular[0]!)).toBeGreaterThanOrEqual(count(popular.at(-1)!));
  });

  test('the budget follows the bytes of the key space, and scale must be positive', () => {
    expect(scenarioParams({ seed: 1, scale: 2, backend: 'embedded' }).dataBudgetBytes).toBeGreaterThan(
      2 * scenarioParams({ seed: 1, scale: 1, backend: 'embedded' }).dataBudgetBytes,
    );
    expect(() => scenarioParams({ seed: 1, scale: 0, backend: 'embedded' })).toThrow(/scale must be a positive number/);
  });
});
