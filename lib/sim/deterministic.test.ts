import { describe, expect, it } from 'vitest';
import { runDeterministic } from './deterministic.js';

async function draws(seed: number | string): Promise<number[]> {
  return runDeterministic(seed, async () => Array.from({ length: 5 }, () => Math.random()));
}

describe('runDeterministic', () => {
  it('seeds Math.random: the same seed gives the same draws, another seed others', async () => {
    const a = await draws(42);
    expect(await draws(42)).toEqual(a);
    expect(await draws(43)).not.toEqual(a);
    expect(await draws('42')).not.toEqual(a); // a string seed is hashed, not parsed
  });

  it('restores Math.random afterwards, also when the work throws', async () => {
    const original = Math.random;
    await runDeterministic(1, async () => undefined);
    expect(Math.random).toBe(original);
    await expect(
      runDeterministic(1, async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(Math.random).toBe(original);
  });

  it('runs on virtual time: a long sleep passes instantly and exactly', async () => {
    const elapsed = await runDeterministic(1, async (clock) => {
      const t0 = clock.now();
      await clock.sleep(3_600_000);
      return clock.now() - t0;
    });
    expect(elapsed).toBe(3_600_000);
  });

  it('abandons work that runs past its virtual-time limit', async () => {
    const forever = runDeterministic(
      1,
      async (clock) => {
        for (;;) await clock.sleep(1000);
      },
      { limitMs: 10_000 },
    );
    await expect(forever).rejects.toMatchObject({ code: 'E_VIRTUAL_TIME_LIMIT' });
  });
});
