/**
 * Exercise 5 baseline: a naive INFO parser. Splits `name:value` lines and keeps everything as text;
 * it reads the version from `redis_version` only (so Valkey reports the Redis version it mimics).
 */
import type { ParsedInfo } from '../../../../lib/exercises/exercise-5-monitor/types.js';

/** Parses INFO the quick way. */
export function parseInfo(text: string): ParsedInfo {
  const fields: Record<string, string> = {};
  const keyspace: ParsedInfo['keyspace'] = {};
  for (const line of String(text).split('\n')) {
    const [name, value] = line.trim().split(':');
    if (!name || value === undefined || name.startsWith('#')) continue;
    fields[name] = value;
    if (name.startsWith('db')) {
      const keys = Number(/keys=(\d+)/.exec(value)?.[1] ?? 0);
      keyspace[name] = { keys, expires: 0, avgTtl: 0 };
    }
  }
  return { server: { name: 'redis', version: fields.redis_version ?? 'unknown' }, fields, sections: [], keyspace };
}
