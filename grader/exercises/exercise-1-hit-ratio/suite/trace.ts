/** Hidden test: the load check on a trace with a seed the student never saw (no tuning to the visible one). */
import { expect } from 'vitest';
import { runCheck } from '../../../../lib/exercises/exercise-1-hit-ratio/check.js';
import type { SuiteContext } from './kit.js';

/** Registers the new-seed test (embedded only: exact and fast). */
export function registerTraceTests({ pure }: SuiteContext): void {
  pure('a quarter-size trace with a new seed: hit ratio ≥ 90%, peak memory < 80%, no stale read', async (module) => {
    const result = await runCheck({ module, dir: '' }, { seed: 'hidden-7d1e0b', scale: 0.25, backend: 'embedded' });
    const f = Object.fromEntries(result.figures.map((x) => [x.id, x]));
    const why = (id: string) => `${id} = ${f[id]!.value}${f[id]!.error ? ` (${f[id]!.error})` : ''}`;
    expect(f['hit-ratio']!.value, why('hit-ratio')).toBeGreaterThanOrEqual(90);
    expect(f['peak-memory']!.value, why('peak-memory')).toBeLessThan(80);
    expect(f['stale-reads']!.value, why('stale-reads')).toBe(0);
  });
}
