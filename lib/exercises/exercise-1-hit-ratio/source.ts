/**
 * The content source exercise 1's optimizer loads from: the social platform's system of record
 * (lib/backends/source/social-source.ts) behind the router of legacy-keys.ts, so it answers the
 * apps' legacy keys and normalized keys alike. It also counts loads per item, which is how the
 * load check tells a hit (no load of that item during the read) from a miss.
 */
import { BadSourceKeyError } from '../../backends/source/errors.js';
import { createEmbeddedSocialSource, type SocialSource, type SocialSourceOptions } from '../../backends/source/social-source.js';
import type { SocialKeySpace, SocialKeySpaceOptions } from '../../workload/social-keys.js';
import { routeKey } from './legacy-keys.js';
import type { ContentSource } from './types.js';

/** A {@link ContentSource} with the extra handles tests and the load check use. */
export interface CountedContentSource extends ContentSource {
  readonly keySpace: SocialKeySpace;
  /** Loads of the item named by normalized key `key` so far. */
  loadsOf(key: string): number;
  /** Current version of the item named by `key` (0 until its first write). */
  version(key: string): Promise<number>;
  /** Replaces the fault plan of loads (see countingSource). */
  setFault: SocialSource['setFault'];
}

/** Options of {@link createContentSource}: those of the social source (clock, latency, faults). */
export type ContentSourceOptions = Omit<SocialSourceOptions, 'maxValueBytes'>;

/** A content source over the social key space `spec` (default 10,000 keys); see the module comment. */
export function createContentSource(spec: SocialKeySpace | SocialKeySpaceOptions = {}, options: ContentSourceOptions = {}): CountedContentSource {
  const social = createEmbeddedSocialSource(spec, options);
  const loads = new Map<string, number>();
  const route = (key: string): string => {
    const item = typeof key === 'string' ? routeKey(key) : undefined;
    if (item === undefined || social.keySpace.indexOf(item) < 0) {
      throw new BadSourceKeyError(String(key), `an app's key or a normalized key of the ${social.keySpace.count} items, e.g. "${social.keySpace.keyAt(0)}"`);
    }
    return item;
  };
  return {
    keySpace: social.keySpace,
    get stats() {
      return social.stats;
    },
    get writeStats() {
      return social.writeStats;
    },
    resetStats: () => social.resetStats(),
    setFault: (fault) => social.setFault(fault),
    async load(key) {
      const item = route(key);
      loads.set(item, (loads.get(item) ?? 0) + 1);
      return social.load(item);
    },
    write: async (key) => social.write(route(key)),
    version: async (key) => social.version(route(key)),
    loadsOf: (key) => loads.get(key) ?? 0,
  };
}
