/** Hidden tests of implementPredictiveCaching: learned from sessions, only what is missing, bad ids. */
import { expect } from 'vitest';
import { codeOf, type SuiteContext } from './kit.js';

/** Registers the predictive-caching tests. */
export function registerPredictiveTests({ scenario }: SuiteContext): void {
  scenario('implementPredictiveCaching: learns what sessions read, rather than a fixed list', async (w) => {
    const { optimizer } = w.optimizer();
    for (let user = 10; user < 22; user++) {
      await optimizer.implementPredictiveCaching(user);
      await optimizer.read(`User:${user}:Profile?v=7.1`);
      await optimizer.read(`/users/${user}/posts/0?_=1767225600`);
      await optimizer.read(`user:${(user * 7) % 90}:timeline`); // other users' items: not the pattern
    }
    const preloaded = await optimizer.implementPredictiveCaching(95);
    expect([...preloaded].sort(), "sessions read their user's profile and first post").toEqual(['user:95:post:0', 'user:95:profile']);
    const loads = w.source.stats.calls;
    await optimizer.read('user:95:profile?lang=de-DE');
    await optimizer.read('User:95:Post:0?v=7.2');
    expect(w.source.stats.calls, "the session's reads after the preload").toBe(loads);
  });

  scenario('implementPredictiveCaching: loads only what is not cached, and returns only what it loaded', async (w) => {
    const { optimizer } = w.optimizer();
    for (let user = 10; user < 22; user++) {
      await optimizer.implementPredictiveCaching(String(user));
      await optimizer.read(`user:${user}:timeline`);
      await optimizer.read(`user:${user}:notifications`);
    }
    await optimizer.read('user:50:timeline');
    const loads = w.source.stats.calls;
    expect(await optimizer.implementPredictiveCaching(50)).toEqual(['user:50:notifications']);
    expect(w.source.stats.calls - loads, 'loads at the login').toBe(1);
  });

  scenario('implementPredictiveCaching: an empty user id is rejected with E_INVALID_KEY', async (w) => {
    const { optimizer } = w.optimizer();
    expect(await codeOf(() => optimizer.implementPredictiveCaching(''))).toBe('E_INVALID_KEY');
    expect(await codeOf(() => optimizer.implementPredictiveCaching('   '))).toBe('E_INVALID_KEY');
  });
}
