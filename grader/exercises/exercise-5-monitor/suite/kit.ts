/**
 * What every test of exercise 5's hidden suite gets: the implementation under test, run inside a
 * fresh simulation (virtual clock, seeded randomness) for the synthetic-server tests, or on the
 * wall clock against a redis-server of the suite's own for the real ones.
 */
import { expect, test } from 'vitest';
import { simulate } from '../../../../lib/exercises/exercise-5-monitor/testing.js';
import type { Exercise5Module, MetricsSample, UpSample } from '../../../../lib/exercises/exercise-5-monitor/types.js';

/** How a suite obtains the implementation under test. */
export type CreateImpl = () => Exercise5Module | Promise<Exercise5Module>;

/** Registers tests for one implementation. */
export interface SuiteContext {
  /** A test whose body runs on a fresh virtual clock. */
  sim(name: string, body: (impl: Exercise5Module) => Promise<void>): void;
  /** A test on the wall clock (real servers, plain functions). */
  plain(name: string, body: (impl: Exercise5Module) => Promise<void> | void, timeoutMs?: number): void;
}

/** Builds the context. */
export function suiteContext(createImpl: CreateImpl): SuiteContext {
  return {
    sim: (name, body) =>
      test(name, async () => {
        const impl = await createImpl();
        await simulate(() => body(impl), { seed: name });
      }),
    plain: (name, body, timeoutMs) => test(name, async () => body(await createImpl()), timeoutMs),
  };
}

/** Asserts that `s` is an up sample and returns it typed. */
export function asUp(s: MetricsSample | undefined): UpSample {
  expect(s?.up, `expected an up sample, got ${JSON.stringify(s)?.slice(0, 200)}`).toBe(true);
  return s as UpSample;
}

/** The error `fn` throws (or the rejection of what it returns), or null. */
export async function caught(fn: () => unknown): Promise<unknown> {
  try {
    await fn();
    return null;
  } catch (e) {
    return e;
  }
}

/** The `code` of an error, or a description of what was thrown instead. */
export function codeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error) return String(error.code);
  return error instanceof Error ? `no code (${error.message})` : `not an Error (${String(error)})`;
}

/** 10-second samples in `n` minutes. */
export const minutes = (n: number) => n * 6;
