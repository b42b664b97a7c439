/**
 * Exercise 5, part 1 (reference solution): parse an INFO reply into named fields. INFO is plain
 * text: `# Section` headers, `name:value` lines, "\r\n" line ends. Which fields exist changes with
 * the server and its version, so nothing here assumes a field is present: the monitor asks for
 * what it needs and copes when it is missing.
 */
import { InfoParseError } from '../../lib/exercises/exercise-5-monitor/errors.js';
import type { ParsedInfo } from '../../lib/exercises/exercise-5-monitor/types.js';

const DB_LINE = /^db\d+$/;

/** Parses one INFO reply (any sections, Redis 6/7 or Valkey 8); throws InfoParseError on non-INFO text. */
export function parseInfo(text: string): ParsedInfo {
  if (typeof text !== 'string') throw new InfoParseError(text);
  const fields: Record<string, string> = {};
  const sections: string[] = [];
  const keyspace: ParsedInfo['keyspace'] = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      sections.push(line.slice(1).trim().toLowerCase());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // not a field; INFO may grow new kinds of lines, skip them
    const name = line.slice(0, colon);
    const value = line.slice(colon + 1);
    fields[name] = value;
    if (DB_LINE.test(name)) keyspace[name] = parseDb(value);
  }
  if (Object.keys(fields).length === 0) throw new InfoParseError(text);
  const valkey = fields.server_name === 'valkey';
  return {
    server: { name: valkey ? 'valkey' : 'redis', version: (valkey ? fields.valkey_version : undefined) ?? fields.redis_version ?? 'unknown' },
    fields,
    sections,
    keyspace,
  };
}

// `keys=1,expires=0,avg_ttl=0` (Redis 7.4 and Valkey add fields such as subexpiry: ignored).
function parseDb(value: string): { keys: number; expires: number; avgTtl: number } {
  const parts = Object.fromEntries(value.split(',').map((kv) => kv.split('=') as [string, string]));
  const n = (v: string | undefined) => (v !== undefined && Number.isFinite(Number(v)) ? Number(v) : 0);
  return { keys: n(parts.keys), expires: n(parts.expires), avgTtl: n(parts.avg_ttl) };
}
