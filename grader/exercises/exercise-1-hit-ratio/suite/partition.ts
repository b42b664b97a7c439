/** Hidden tests of partitionOf: data types, co-location, range, and an even spread whatever the ids. */
import { expect } from 'vitest';
import { codeOf, type SuiteContext } from './kit.js';

const balance = (shards: number[]) => Math.max(...shards) / (shards.reduce((a, b) => a + b, 0) / shards.length);

/** Registers the partition tests. */
export function registerPartitionTests({ pure }: SuiteContext): void {
  pure("partitionOf: the data type of every kind, and one shard for every form of a user's keys", ({ partitionOf }) => {
    expect(partitionOf('user:9:profile', 8).type).toBe('profile');
    expect(partitionOf('/users/9/timeline?_=1', 8).type).toBe('timeline');
    expect(partitionOf('User:9:Notifications?v=7.1', 8).type).toBe('notifications');
    expect(partitionOf('users:9:posts:2', 8).type).toBe('post');
    const forms = ['user:9:profile', '/users/9/posts/1?_=1', 'User:9:Timeline?v=7.2', ' USER:9:NOTIFICATIONS ', 'user:9:post:0?lang=de-DE'];
    expect(new Set(forms.map((k) => partitionOf(k, 8).shard)).size, "user 9's keys should share one shard").toBe(1);
  });

  pure('partitionOf: shards stay in [0, partitions) for any number of partitions', ({ partitionOf }) => {
    for (const n of [1, 3, 16, 1000]) {
      for (let user = 0; user < 200; user++) {
        const { shard } = partitionOf(`user:${user * 7919}:profile`, n);
        expect(Number.isInteger(shard) && shard >= 0 && shard < n, `shard ${shard} for user ${user * 7919} with ${n} partitions`).toBe(true);
      }
    }
  });

  pure('partitionOf: structured ids (all multiples of 8) still spread evenly over 8 shards', ({ partitionOf }) => {
    const shards = new Array<number>(8).fill(0);
    for (let i = 0; i < 8_000; i++) shards[partitionOf(`user:${i * 8}:profile`, 8).shard]!++;
    expect(balance(shards), `8,000 users with ids 0, 8, 16, …: ${shards.join(', ')} (fullest ÷ mean ≤ 1.1)`).toBeLessThanOrEqual(1.1);
  });

  pure('partitionOf: string ids (handles, UUID-like) spread evenly over 8 shards', ({ partitionOf }) => {
    const shards = new Array<number>(8).fill(0);
    for (let i = 0; i < 4_000; i++) {
      shards[partitionOf(`user:member-${i}:profile`, 8).shard]!++;
      shards[partitionOf(`user:${((i * 2654435761) >>> 0).toString(16).padStart(8, '0')}-4a1f:profile`, 8).shard]!++;
    }
    expect(balance(shards), `8,000 string ids: ${shards.join(', ')} (fullest ÷ mean ≤ 1.1)`).toBeLessThanOrEqual(1.1);
  });

  pure('partitionOf: keys that name no item are refused with E_INVALID_KEY', async ({ partitionOf }) => {
    expect(await codeOf(() => partitionOf('user:1:avatar', 8))).toBe('E_INVALID_KEY');
    expect(await codeOf(() => partitionOf('', 8))).toBe('E_INVALID_KEY');
  });
}
