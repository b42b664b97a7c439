/**
 * Callers for exercise 4's scenarios: bursts of simultaneous reads and closed-loop readers (read,
 * think, read again). Every read goes through `get` of one app instance; errors are counted, and a
 * reader whose instance was killed is abandoned, as its requests died with the process.
 */
import type { Clock } from '../../../sim/clock.js';
import type { SourceValue, World } from './world.js';

/** What the callers of a scenario saw. */
export interface Tally {
  requests: number;
  errors: number;
  /** The first error's message, for the notes. */
  firstError?: string;
  /** Values returned, when the scenario asks to keep them. */
  values?: SourceValue[];
}

/** An empty tally (pass `keepValues` to collect returned values). */
export function newTally(keepValues = false): Tally {
  return keepValues ? { requests: 0, errors: 0, values: [] } : { requests: 0, errors: 0 };
}

/** One read of `key` on instance `index`, counted in `tally`. */
export async function read(world: World, index: number, key: string, tally: Tally): Promise<void> {
  tally.requests += 1;
  const outcome = world.apps[index]!.stampede.get(key).then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
  const result = await Promise.race([outcome, world.death(index).then(() => ({ dead: true as const }))]);
  if ('error' in result) {
    tally.errors += 1;
    tally.firstError ??=
      result.error instanceof Error ? `${(result.error as { code?: string }).code ?? result.error.name}: ${result.error.message}` : String(result.error);
  } else if ('value' in result) {
    tally.values?.push(result.value);
  }
}

/** `count` simultaneous reads, read i on instance i mod N. */
export async function burst(world: World, count: number, key: (i: number) => string, tally: Tally): Promise<void> {
  const n = world.apps.length;
  await Promise.all(Array.from({ length: count }, (_, i) => read(world, i % n, key(i), tally)));
}

/** Options of {@link closedLoop}. */
export interface LoopOptions {
  clock: Clock;
  callers: number;
  /** Clock time at which callers stop starting new reads. */
  until: number;
  /** The key caller `c` reads next, or undefined when it has no more. */
  nextKey(c: number): string | undefined;
  /** Think time of caller `c` before its next read, in ms. */
  thinkMs(c: number): number;
  tally: Tally;
}

/** Closed-loop readers, caller c on instance c mod N; resolves when every live caller stopped. */
export async function closedLoop(world: World, options: LoopOptions): Promise<void> {
  const n = world.apps.length;
  const loop = async (c: number): Promise<void> => {
    const index = c % n;
    await options.clock.sleep(options.thinkMs(c));
    while (options.clock.now() < options.until && !world.isDead(index)) {
      const key = options.nextKey(c);
      if (key === undefined) return;
      await read(world, index, key, options.tally);
      await options.clock.sleep(options.thinkMs(c));
    }
  };
  await Promise.all(Array.from({ length: options.callers }, (_, c) => loop(c)));
}

/** Runs `work` for each item with at most `limit` in flight. */
export async function pool<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
}
