/**
 * The catalogue of recommendations (given code): one entry per id, with the title the monitor puts
 * in a Recommendation and what to do, grounded in the kit's other exercises and the
 * scenario's list of optimisations. Which finding triggers which id is the student's rule set (README,
 * "Recommendations").
 */
import type { RecommendationId } from './types.js';

/** What one recommendation says. */
export interface RecommendationEntry {
  title: string;
  /** What to do, in a sentence or two. */
  action: string;
  /** Where the kit teaches it. */
  seeAlso: string;
}

/** Every recommendation the monitor can make. */
export const RECOMMENDATIONS: Record<RecommendationId, RecommendationEntry> = {
  'warm-cache': {
    title: 'Warm the cache after a flush or restart',
    action: 'Preload the most requested keys (from access counts) before sending traffic, so the hit ratio does not start from zero.',
    seeAlso: 'exercise 1 (warm_cache)',
  },
  'tune-ttl': {
    title: 'Review TTLs: entries expire before they are reused',
    action: 'Many keys expire while still in demand: lengthen TTLs of hot data, add jitter, or refresh ahead of expiry.',
    seeAlso: 'exercise 1 (key design), exercise 4 (XFetch)',
  },
  'compress-values': {
    title: 'Shrink values: compression and compact encodings',
    action: 'Compress large values and use compact data structures so the same data takes less memory.',
    seeAlso: 'exercise 2 (compression, serialization)',
  },
  'eviction-policy': {
    title: 'Set an eviction policy (allkeys-lru or allkeys-lfu)',
    action: 'With maxmemory-policy noeviction, writes fail once memory is full; a cache should evict instead.',
    seeAlso: 'exercise 1 (optimize_eviction_policy)',
  },
  'increase-memory': {
    title: 'Give the cache more memory or keep less in it',
    action: 'Evictions are throwing out data that is still wanted: raise maxmemory, shard, or stop caching cold data.',
    seeAlso: 'exercise 1 (hit ratio under a memory budget)',
  },
  'connection-pooling': {
    title: 'Pool and reuse connections',
    action: 'Open a few long-lived connections per app instance instead of one per request; cap the pool size.',
    seeAlso: 'exercise 2 (optimize_connections)',
  },
  pipelining: {
    title: 'Batch round trips: pipelining and MGET',
    action: 'Send independent commands together (pipeline, MGET/MSET) so each request pays one round trip, not many.',
    seeAlso: 'exercise 2 (cost model: round trips)',
  },
  'local-cache': {
    title: 'Serve the hot key from a local in-process cache',
    action: 'Keep the hottest keys in a small local cache with a short TTL so most reads never reach the server.',
    seeAlso: 'exercise 3 (add_local_caching)',
  },
  'shard-hot-key': {
    title: 'Shard the hot key into copies',
    action: 'Write the hot value under N suffixed keys and read a random copy, spreading the load over nodes.',
    seeAlso: 'exercise 3 (implement_key_sharding)',
  },
};
