/**
 * `npm run bench:lab`: the load test on this machine's Redis and MariaDB/MySQL with the seed's
 * settings (4 threads x 10,000 queries, TTL 300,000 ms, pool of 10,000), beside the figures seed
 * 001 published, and, in the same run, Redis's own ceiling from `redis-benchmark -t get`, so the
 * harness overhead shows as a ratio. A benchmark, not a test: it prints and asserts nothing.
 *
 * Writes go to the lab's scratch database (cachelab_lab, loaded on first use) and cache keys live
 * under their own prefix, deleted at the end; nothing else on the servers is touched.
 * Environment: CACHE_URL (default redis://127.0.0.1:6379), DATABASE_URL's server (default
 * 127.0.0.1:3306; the database name is replaced by cachelab_lab).
 */
import { execFileSync } from 'node:child_process';
import os, { availableParallelism } from 'node:os';
import { LAB_DEFAULTS, SEED_FIGURES, type LabConfig } from '../lab/config.js';
import { messageOf } from '../lab/errors.js';
import { ensureAirportData, labDatabaseUrl } from '../lab/lab-database.js';
import { cacheUrl as cacheUrlSetting, databaseUrl as databaseUrlSetting } from '../lib/config.js';
import { connectRedis, flushLabKeys } from '../lab/redis.js';
import { fixed, int } from '../lab/report.js';
import { runFigures, runLoadTest, type RunFigures } from '../lab/run.js';
import { workerCount } from '../lab/threads.js';

const PREFIX = 'cachelab:bench:lab:';
const cacheUrl = cacheUrlSetting().value;
const databaseUrl = labDatabaseUrl(databaseUrlSetting().value);
const env = { CACHE_URL: cacheUrl, DATABASE_URL: databaseUrl };

/** GET requests per second redis-benchmark reaches with `clients` connections. */
function redisCeiling(clients: number): number {
  const { hostname, port } = new URL(cacheUrl);
  const csv = execFileSync('redis-benchmark', ['-h', hostname, '-p', port || '6379', '-t', 'get', '-n', '200000', '-c', String(clients), '--csv'], {
    encoding: 'utf8',
  });
  const row = csv.split('\n').find((line) => line.startsWith('"GET"'));
  const rps = Number(row?.split(',')[1]?.replaceAll('"', ''));
  if (!Number.isFinite(rps)) throw new Error(`could not read redis-benchmark's output:\n${csv}`);
  return rps;
}

async function measure(label: string, over: Partial<LabConfig>): Promise<RunFigures> {
  const config: LabConfig = { ...LAB_DEFAULTS, backend: 'real', keyPrefix: PREFIX, progress: false, ...over };
  const f = runFigures(await runLoadTest(config, env));
  console.log(
    `  ${label.padEnd(34)} ${fixed(f.queriesPerSecond).padStart(10)} QPS   ${fixed(f.durationS)} s   hit ${fixed(f.hitRatePct, 1)}%   p99 ${fixed(f.latency.p99Ms, 3)} ms   errors ${f.errors}`,
  );
  return f;
}

const verdict = (mine: number, seed: number) => `${(mine / seed).toFixed(2)}x the seed's ${int(seed)} ${mine >= seed ? '(beats it)' : '(BELOW it)'}`;

async function main(): Promise<void> {
  console.log(
    `Lab benchmark on ${os.cpus().length} cores (load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}), Node ${process.version}`,
  );
  console.log(`Cache ${cacheUrl} (keys under ${PREFIX}), database ${databaseUrl}`);
  const { before, loaded } = await ensureAirportData(databaseUrl);
  console.log(`Airport data in cachelab_lab: ${before}${loaded ? ', loaded now' : ''}\n`);
  console.log("The seed's runs: 4 threads x 10,000 queries, TTL 300,000 ms, pool of 10,000 passengers");
  const auto = workerCount({ ...LAB_DEFAULTS });
  console.log(`  (sessions on ${auto} worker thread${auto === 1 ? '' : 's'}, the default on ${availableParallelism()} cores)`);
  const r80 = await measure('80% reads, flushed (cold)', { readRatio: 80, flush: true });
  const r99 = await measure('99% reads, right after, no flush', { readRatio: 99 });
  console.log(`  (one worker thread per session, --workers ${LAB_DEFAULTS.threads}, the seed's layout)`);
  await measure('80% reads, flushed (cold)', { readRatio: 80, flush: true, workers: LAB_DEFAULTS.threads });
  await measure('99% reads, right after, no flush', { readRatio: 99, workers: LAB_DEFAULTS.threads });
  console.log("\nRedis's own ceiling (redis-benchmark -t get -n 200000):");
  const c50 = redisCeiling(50);
  const c4 = redisCeiling(LAB_DEFAULTS.threads);
  console.log(`  50 clients (its default)            ${fixed(c50).padStart(10)} GET/s`);
  console.log(`  ${LAB_DEFAULTS.threads} clients (the lab's threads)       ${fixed(c4).padStart(10)} GET/s`);
  console.log('\nSummary');
  console.log(`  80% reads (default layout): ${fixed(r80.queriesPerSecond)} QPS, ${verdict(r80.queriesPerSecond, SEED_FIGURES.qps80Pool)}`);
  console.log(`  99% reads (default layout): ${fixed(r99.queriesPerSecond)} QPS, ${verdict(r99.queriesPerSecond, SEED_FIGURES.qps99Pool)}`);
  console.log(
    `  99% reads vs redis-benchmark GET: ${((r99.queriesPerSecond / c4) * 100).toFixed(0)}% of the ${LAB_DEFAULTS.threads}-client ceiling, ` +
      `${((r99.queriesPerSecond / c50) * 100).toFixed(0)}% of the 50-client one (the rest is the harness: Node, ioredis, timing every operation).`,
  );
  console.log('  Other programs on this machine compete for the same cores; run it on an idle machine for stable figures.');
}

try {
  await main();
} catch (error) {
  console.error(messageOf(error));
  process.exitCode = 1;
} finally {
  try {
    const redis = await connectRedis(cacheUrl);
    await flushLabKeys(redis, PREFIX);
    redis.disconnect();
  } catch {
    // the error above already said the cache is unreachable
  }
}
