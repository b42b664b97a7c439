/**
 * Exercise 5, part 1: parse an INFO reply. Read README.md first ("What to build", parseInfo);
 * hints: `npm run hint exercise-5 parseInfo`.
 *
 * INFO is text: `# Section` headers, `name:value` lines, "\r\n" line ends, e.g.
 *   # Stats\r\nkeyspace_hits:877\r\nkeyspace_misses:98\r\n ... # Keyspace\r\ndb0:keys=12,expires=3,avg_ttl=0\r\n
 * Which fields exist depends on the server and its version (lib/exercises/exercise-5-monitor/metrics/info/ has Redis 6.2,
 * Redis 7.0 and Valkey 8.0 replies): never assume one is there.
 */
import { InfoParseError } from '../../lib/exercises/exercise-5-monitor/errors.js';
import type { ParsedInfo } from '../../lib/exercises/exercise-5-monitor/types.js';

/**
 * Parses one INFO reply into `{ server, fields, sections, keyspace }` (see ParsedInfo in
 * lib/exercises/exercise-5-monitor/types.ts):
 * - `fields`: every `name:value` line by name, the value as the raw string (split at the FIRST ':');
 * - `sections`: the `# Section` names, lower case;
 * - `keyspace`: `db0:keys=1,expires=0,avg_ttl=0` lines as numbers (extra fields ignored);
 * - `server`: `{ name: 'valkey', version: valkey_version }` when `server_name:valkey`, else
 *   `{ name: 'redis', version: redis_version }`.
 * Throws InfoParseError when `text` is not a string or holds no `name:value` line at all.
 */
export function parseInfo(text: string): ParsedInfo {
  // TODO: split the lines, recognise headers, fields and db lines; identify the server.
  throw new Error(
    `TODO: parseInfo is not implemented yet (got ${typeof text === 'string' ? `${text.length} characters` : typeof text}; ${InfoParseError.name} is there for bad input) → npm run hint exercise-5 parseInfo`,
  );
}
