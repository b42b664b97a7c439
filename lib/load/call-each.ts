/**
 * Many synchronous calls of one method, in order, each outcome kept: `target[method](...args)` for
 * each list of arguments. When the target lives across the grader's membrane (a handle to the
 * submission's object in the sandbox, grader/src/membrane/wire.ts), all of them cross in one
 * message instead of one round trip each; anywhere else it is a plain loop. The calls are
 * synchronous and nothing runs between them either way, so the outcomes are the same.
 */
const CALL_EACH = Symbol.for('cachelab.membrane.callEach');

/** One call's outcome. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; value: unknown };

/** Calls `target[method]` with each of `calls`, in order. */
export function callEach<T>(target: object, method: string, calls: readonly unknown[][]): Outcome<T>[] {
  const each = (target as Record<symbol, unknown>)[CALL_EACH];
  if (typeof each === 'function') return (each as (m: string, c: readonly unknown[][]) => Outcome<T>[])(method, calls);
  const fn = (target as Record<string, unknown>)[method];
  return calls.map((args) => {
    try {
      if (typeof fn !== 'function') throw new TypeError(`${method} is not a function`);
      return { ok: true, value: (fn as (...a: unknown[]) => T).apply(target, args) };
    } catch (error) {
      return { ok: false, value: error };
    }
  });
}
