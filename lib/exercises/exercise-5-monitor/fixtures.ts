/**
 * INFO replies kept in lib/exercises/exercise-5-monitor/metrics/info/ (given code), with their "\r\n" line ends: Redis 7.0
 * and Valkey 8.0 captured from redis-server 7.0.15 and valkey-server 8.0.1, Redis 6.2 written by
 * hand from its documentation. Suites parse them to hold a parser to the formats servers send.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** The INFO replies on file. */
export const INFO_FIXTURES = ['redis-6.2', 'redis-7.0', 'valkey-8.0'] as const;

/** The folder they live in. */
const INFO_FIXTURE_DIR = path.join(import.meta.dirname, 'metrics', 'info');

/** The text of one INFO reply on file. */
export function infoFixture(name: (typeof INFO_FIXTURES)[number]): string {
  return readFileSync(path.join(INFO_FIXTURE_DIR, `${name}.txt`), 'utf8');
}
