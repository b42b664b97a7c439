/**
 * What every test of exercise 1's hidden suite gets. Scenarios run on a fresh embedded cache with
 * a virtual clock, or on a redis-server the suite starts for itself (maxmemory and the policy are
 * server-wide, so never the shared 6379), emptied before each test, on the wall clock.
 */
import { afterAll, beforeAll, test } from 'vitest';
import { ownRedis, type Exercise1Cache } from '../../../../lib/exercises/exercise-1-hit-ratio/backends.js';
import { onCache, simulate, type World } from '../../../../lib/exercises/exercise-1-hit-ratio/testing.js';
import type { BackendKind } from '../../../../lib/backends/types.js';
import type { Exercise1Module } from '../../../../lib/exercises/exercise-1-hit-ratio/types.js';

/** How a suite obtains the implementation under test. */
export type CreateImpl = () => Exercise1Module | Promise<Exercise1Module>;

/**
 * Loopback ports the real runs try in order (another run of the suite may hold some): the grader
 * and the kit's own runs may overlap. CACHELAB_EX1_PORTS=6500,6501 overrides them.
 */
export function suitePorts(env: NodeJS.ProcessEnv = process.env): number[] {
  const text = env.CACHELAB_EX1_PORTS?.trim();
  if (!text) return [6411, 6412, 6413, 6414, 6415];
  const ports = text.split(',').map((p) => Number(p.trim()));
  if (ports.some((p) => !Number.isInteger(p) || p < 1 || p > 65_535)) {
    throw new Error(`CACHELAB_EX1_PORTS="${text}" must be comma-separated port numbers, e.g. 6411,6412.`);
  }
  return ports;
}

/** A scenario body: the implementation and its world. */
export type Body = (s: { impl: Exercise1Module } & World) => Promise<void>;

/** The suite's settings for one backend. */
export interface SuiteContext {
  kind: BackendKind;
  /** Registers a test that runs on this backend. */
  scenario(name: string, body: Body): void;
  /** Registers a test of pure functions (run once, not per backend). */
  pure(name: string, body: (impl: Exercise1Module) => void | Promise<void>): void;
}

/** Builds the context for `kind`; on `real` it starts one redis-server for the whole suite. */
export function suiteContext(createImpl: CreateImpl, kind: BackendKind): SuiteContext {
  let server: Promise<Exercise1Cache> | undefined;
  if (kind === 'real') {
    beforeAll(() => {
      server = ownRedis(suitePorts());
      server.catch(() => undefined); // reported by each test instead
    });
    afterAll(async () => {
      await (await server?.catch(() => undefined))?.close();
    });
  }
  return {
    kind,
    scenario(name, body) {
      test(name, async () => {
        const impl = await createImpl();
        if (kind === 'embedded') {
          await simulate(impl, (w) => body(Object.assign(w, { impl })), { seed: name });
          return;
        }
        let cache: Exercise1Cache;
        try {
          cache = await server!;
        } catch (error) {
          throw new Error(
            `exercise 1's real-Redis tests start their own redis-server (ports ${suitePorts().join(', ')}) and could not: ${(error as Error).message}`,
            { cause: error },
          );
        }
        await onCache(impl, cache, (w) => body(Object.assign(w, { impl })));
      });
    },
    pure(name, body) {
      if (kind === 'embedded') test(name, async () => body(await createImpl()));
    },
  };
}

/** The `code` of what `work` threw (or rejected with), or a description of what happened instead. */
export async function codeOf(work: () => unknown): Promise<string> {
  try {
    await work();
    return 'no error';
  } catch (error) {
    if (error && typeof error === 'object' && 'code' in error) return String(error.code);
    return error instanceof Error ? `no code (${error.message})` : `not an Error (${String(error)})`;
  }
}

/** The version inside a social value (`"version":N`), NaN if none. */
export function versionOf(value: string): number {
  return Number(/"version":(\d+)/.exec(value.slice(0, 200))?.[1]);
}

/** The first item of `w.source` whose value is at least `bytes` long. */
export function itemOfSize(w: World, bytes: number): { key: string; size: number } {
  const space = w.source.keySpace;
  for (let i = 0; i < space.count; i++) if (space.sizeAt(i) >= bytes) return { key: space.keyAt(i), size: space.sizeAt(i) };
  throw new Error(`no item of ${bytes} bytes in the test source`);
}
