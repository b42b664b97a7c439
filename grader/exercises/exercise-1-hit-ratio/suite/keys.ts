/** Hidden tests of normalizeKey: case, whitespace, Unicode, separators inside ids, bad keys. */
import { expect } from 'vitest';
import { codeOf, type SuiteContext } from './kit.js';

/** Registers the key tests. */
export function registerKeyTests({ pure }: SuiteContext): void {
  pure('normalizeKey: the case of type names does not matter, the case of ids does', ({ normalizeKey }) => {
    expect(normalizeKey('USER:42:PROFILE')).toBe('user:42:profile');
    expect(normalizeKey('Users/Ab/Timeline')).toBe('user:Ab:timeline');
    expect(normalizeKey('user:Ab:NOTIFICATIONS?v=1')).toBe('user:Ab:notifications');
    expect(normalizeKey('user:ab:profile'), 'ids are opaque: "ab" and "Ab" are two users').not.toBe(normalizeKey('user:Ab:profile'));
  });

  pure('normalizeKey: whitespace around the key and around its parts is not significant', ({ normalizeKey }) => {
    expect(normalizeKey('  user:42:profile\n')).toBe('user:42:profile');
    expect(normalizeKey('\tuser : 42 : post : 2 ')).toBe('user:42:post:2');
    expect(normalizeKey(' /users/ 42 /posts/ 1 ?_=1767225600')).toBe('user:42:post:1');
  });

  pure('normalizeKey: Unicode forms of one key are one key (NFKC)', ({ normalizeKey }) => {
    expect(normalizeKey('ｕｓｅｒ：４２：ｐｒｏｆｉｌｅ'), 'full-width letters, digits and colon').toBe('user:42:profile');
    expect(normalizeKey('user:zoe\u0308:profile'), 'decomposed ë').toBe(normalizeKey('user:zo\u00eb:profile'));
    expect(normalizeKey('User:Zoë:Post:0?v=7.1')).toBe('user:Zoë:post:0');
  });

  pure('normalizeKey: separators inside ids are escaped, so different ids never share a key', ({ normalizeKey }) => {
    expect(normalizeKey('/users/a:b/profile'), 'a ":" inside a web path id').toBe('user:a%3Ab:profile');
    expect(normalizeKey('user:a%3Ab:profile'), 'the same id, percent-encoded').toBe('user:a%3Ab:profile');
    expect(normalizeKey('/users/a%2Fb/profile'), 'a "/" inside an id').toBe('user:a%2Fb:profile');
    const ids = ['a:b', 'a/b', 'a%3Ab', 'a b', 'a?b', 'a#b', 'a', 'b', 'a:b:profile'];
    const keys = ids.map((id) => normalizeKey(`/users/${encodeURIComponent(id)}/profile`));
    expect(new Set(keys).size, `${ids.length} different ids gave ${JSON.stringify(keys)}`).toBe(ids.length);
    for (const k of keys) expect(normalizeKey(k), `normalizeKey(normalizeKey(x)) must equal normalizeKey(x) for ${k}`).toBe(k);
  });

  pure('normalizeKey: plural and singular names, and leading zeros of post numbers', ({ normalizeKey }) => {
    expect(normalizeKey('users:7:posts:01')).toBe('user:7:post:1');
    expect(normalizeKey('user:7:notification')).toBe('user:7:notifications');
    expect(normalizeKey('user:007:profile'), 'ids are opaque: leading zeros stay').toBe('user:007:profile');
  });

  pure('normalizeKey: keys that name no item are refused with E_INVALID_KEY', async ({ normalizeKey }) => {
    const bad: unknown[] = [
      '',
      '   ',
      '?_=1',
      'user',
      'user:42',
      'user:42:avatar',
      'user::profile',
      'user:42:post',
      'user:42:post:x',
      'user:42:profile:extra',
      'post:42:1',
      '/users/42',
      'user:%E0%A4%A:profile',
      42,
      null,
    ];
    for (const key of bad) expect(await codeOf(() => normalizeKey(key as string)), `normalizeKey(${JSON.stringify(key)})`).toBe('E_INVALID_KEY');
  });
}
