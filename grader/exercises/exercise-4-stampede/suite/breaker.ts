/** Hidden tests of the CircuitBreaker: closed → open → half-open probe → closed (or open again). */
import { expect } from 'vitest';
import { codeOf, type SuiteContext } from './kit.js';

const boom = (): never => {
  throw new Error('source down');
};

/** Registers the circuit-breaker tests. */
export function registerBreakerTests({ scenario }: SuiteContext): void {
  scenario('circuit: opens after failureThreshold consecutive failures, then fails fast', async ({ impl, u }) => {
    const breaker = new impl.CircuitBreaker({ failureThreshold: 3, cooldownMs: 10 * u });
    const error = new Error('source down');
    for (let i = 0; i < 3; i++) {
      await expect(
        breaker.execute(() => Promise.reject(error)),
        `failure ${i + 1} is passed through unchanged`,
      ).rejects.toBe(error);
    }
    expect(breaker.state, 'state after 3 failures with failureThreshold 3').toBe('open');
    let called = false;
    const rejected = await breaker.execute(() => (called = true)).catch((e: unknown) => e);
    expect(codeOf(rejected), 'an open circuit rejects with E_CIRCUIT_OPEN').toBe('E_CIRCUIT_OPEN');
    expect(called, 'an open circuit must not call the function').toBe(false);
  });

  scenario('circuit: a success resets the count of consecutive failures', async ({ impl }) => {
    const breaker = new impl.CircuitBreaker({ failureThreshold: 3 });
    await breaker.execute(boom).catch(() => undefined);
    await breaker.execute(boom).catch(() => undefined);
    expect(await breaker.execute(() => 'ok')).toBe('ok');
    await breaker.execute(boom).catch(() => undefined);
    await breaker.execute(boom).catch(() => undefined);
    expect(breaker.state, 'fail, fail, succeed, fail, fail: never 3 in a row').toBe('closed');
  });

  scenario('circuit: after the cool-down one probe goes through, and its success closes the circuit', async ({ impl, sleep, u }) => {
    const breaker = new impl.CircuitBreaker({ failureThreshold: 1, cooldownMs: 10 * u });
    await breaker.execute(boom).catch(() => undefined);
    await sleep(11);
    expect(breaker.state, 'state once the cool-down has passed').toBe('half-open');
    const probe = breaker.execute(async () => {
      await sleep(2);
      return 'fresh';
    });
    probe.catch(() => undefined); // awaited below
    const second = await breaker.execute(() => 'second').catch((e: unknown) => e);
    expect(codeOf(second), 'while the probe runs, other calls still fail fast').toBe('E_CIRCUIT_OPEN');
    expect(await probe).toBe('fresh');
    expect(breaker.state, 'state after a successful probe').toBe('closed');
  });

  scenario('circuit: a failed probe opens the circuit for another cool-down', async ({ impl, sleep, u }) => {
    const breaker = new impl.CircuitBreaker({ failureThreshold: 2, cooldownMs: 10 * u });
    await breaker.execute(boom).catch(() => undefined);
    await breaker.execute(boom).catch(() => undefined);
    await sleep(11);
    await breaker.execute(boom).catch(() => undefined);
    expect(breaker.state, 'state right after a failed probe').toBe('open');
    let called = false;
    const rejected = await breaker.execute(() => (called = true)).catch((e: unknown) => e);
    expect(codeOf(rejected)).toBe('E_CIRCUIT_OPEN');
    expect(called, 'no call during the new cool-down').toBe(false);
  });

  scenario('circuit: a function that throws synchronously is a failure, reported as a rejection', async ({ impl }) => {
    const breaker = new impl.CircuitBreaker({ failureThreshold: 1 });
    const error = new Error('sync');
    let result: Promise<unknown> | undefined;
    expect(() => {
      result = breaker.execute(() => {
        throw error;
      });
    }, 'execute must return a rejected promise, not throw').not.toThrow();
    await expect(result!).rejects.toBe(error);
    expect(breaker.state).toBe('open');
  });
}
