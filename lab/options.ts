/**
 * `npm run loadtest -- …`: the command line of the seeds' load test, parsed with commander.
 * Every bad value is a {@link LabUsageError} that names the option, what it got and what it takes.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { BackendKind } from '../lib/backends/types.js';
import { backendFromEnv, cacheUrl, ConfigError, databaseUrl, DEFAULT_CACHE_URL, DEFAULT_DATABASE_URL } from '../lib/config.js';
import { LAB_DEFAULTS, type LabConfig } from './config.js';
import { LabUsageError } from './errors.js';

/** What the command line asks for: one run, or the comparison of the seed's scenarios. */
export interface LoadtestArgs {
  config: LabConfig;
  compare: boolean;
  /** Whether --read-ratio was on the command line (on a database the kit did not load, the default becomes reads only). */
  readRatioGiven: boolean;
}

/** Most workers a run may start: each opens its own MySQL and Redis connections (MariaDB allows 151 by default). */
export const MAX_THREADS = 64;

const USAGE_TIP = 'Run `npm run loadtest -- --help` for the options.';

// Options npm keeps for itself when they come before `--` (`npm run loadtest --random`).
const NPM_SWALLOWED = ['threads', 'queries', 'read-ratio', 'ttl', 'random', 'flush', 'verbose', 'interactive', 'warmup', 'backend', 'seed', 'compare'];

function integer(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min || n > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
      throw new InvalidArgumentError(`${name} must be ${range}, got "${value}".`);
    }
    return n;
  };
}

function percentage(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new InvalidArgumentError(`--read-ratio is the percentage of reads and must be from 0 to 100, got "${value}" (e.g. --read-ratio 80).`);
  }
  return n;
}

function seedValue(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('--seed needs a value, e.g. --seed 42.');
  return value;
}

function keyPrefix(value: string): string {
  if (/\s/.test(value)) throw new InvalidArgumentError(`--key-prefix must not contain spaces, got ${JSON.stringify(value)}.`);
  return value;
}

/** The backend when --backend is not given: CACHELAB_BACKEND, else real when a server URL is set. */
function defaultBackend(env: NodeJS.ProcessEnv): BackendKind {
  let chosen: BackendKind | undefined;
  try {
    chosen = backendFromEnv(env, { blank: 'trim', fix: 'Use "embedded" or "real", or unset it.' });
  } catch (error) {
    throw error instanceof ConfigError ? new LabUsageError(error.message, { cause: error }) : error;
  }
  return chosen ?? (cacheUrl(env).given || databaseUrl(env).given ? 'real' : 'embedded');
}

/** The commander program (also what `--help` prints). */
function loadtestProgram(env: NodeJS.ProcessEnv = {}): Command {
  const d = LAB_DEFAULTS;
  return new Command('npm run loadtest --')
    .description(
      'Multi-threaded cache-aside load test over MySQL + Redis/Valkey with the airport data.\n' +
        'Reads check bookings:{passenger_id} in the cache and query the database on a miss; writes insert a booking and refresh the entry.',
    )
    .option('-t, --threads <n>', 'concurrent worker threads', integer('--threads', 1, MAX_THREADS), d.threads)
    .option(
      '--workers <n>',
      'real backend: worker threads the threads run on (default: one per core but one, at most --threads)',
      integer('--workers', 1, MAX_THREADS),
    )
    .option('-q, --queries <n>', 'queries per thread', integer('--queries', 1, 100_000_000), d.queries)
    .option('-r, --read-ratio <pct>', 'percentage of reads (0-100)', percentage, d.readRatio)
    .option('--ttl <ms>', 'cache TTL in milliseconds', integer('--ttl', 1), d.ttlMs)
    .option('--random', 'draw passengers from all passengers instead of a fixed pool', false)
    .option('--pool-size <n>', 'passengers in the pool (pool mode)', integer('--pool-size', 1), d.poolSize)
    .option('--warmup <n>', 'warm-up reads that fill the cache before measuring (not counted)', integer('--warmup', 0), d.warmup)
    .option('--no-cache', 'read straight from the database (the baseline without a cache)')
    .option('-f, --flush', "delete the lab's cache keys before running", false)
    .option('-v, --verbose', 'show the SQL and the cache key format with a sample', false)
    .option('-i, --interactive', 'show the configuration and ask before running', false)
    .addOption(
      new Option('--backend <kind>', 'embedded (no servers, virtual time) or real (CACHE_URL + DATABASE_URL)')
        .choices(['embedded', 'real'])
        .default(defaultBackend(env)),
    )
    .option('--seed <seed>', 'seed of the passenger pool and the operation streams', seedValue, d.seed)
    .option('--key-prefix <prefix>', 'put before every cache key, e.g. "lab:" gives lab:bookings:42', keyPrefix, d.keyPrefix)
    .option('--log-dir <dir>', 'folder for the perf_test_<timestamp>.json logs', d.logDir)
    .option('--no-progress', 'no progress bar or progress lines')
    .option('--compare', "run the seed's comparison scenarios (no cache, cache, warmed cache, high concurrency, write-heavy)", false)
    .addHelpText(
      'after',
      '\nExamples:\n' +
        '  npm run loadtest                                       # the seed defaults, embedded backend\n' +
        '  npm run loadtest -- --backend real -t 4 -q 10000 -r 80 --ttl 300000 -v -f\n' +
        '  npm run loadtest -- -r 99                              # read-heavy\n' +
        '  npm run loadtest -- -r 60 --random -f                  # all passengers, balanced\n' +
        '  npm run loadtest -- -r 90 --ttl 100 --random -f        # a TTL too short to help\n' +
        '  npm run loadtest -- --compare                          # the five comparison scenarios\n' +
        `\nEnvironment: CACHE_URL (default ${DEFAULT_CACHE_URL}), DATABASE_URL (default ${DEFAULT_DATABASE_URL}),\n` +
        'CACHELAB_BACKEND (embedded | real).',
    );
}

/** Parses `argv` (without node and the script); returns the help text instead when asked for it. */
export function parseLoadtestArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): LoadtestArgs | { help: string } {
  const swallowed = NPM_SWALLOWED.filter((name) => env[`npm_config_${name.replace('-', '_')}`] !== undefined);
  if (env.npm_lifecycle_event === 'loadtest' && swallowed.length > 0) {
    throw new LabUsageError(`npm kept --${swallowed.join(', --')} for itself. Put -- before the options: npm run loadtest -- --${swallowed[0]} …`);
  }
  let written = '';
  const program = loadtestProgram(env)
    .exitOverride()
    .configureOutput({ writeOut: (s) => (written += s), writeErr: (s) => (written += s) });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof LabUsageError) throw error;
    if (error instanceof CommanderError && error.exitCode === 0) return { help: written };
    const message = error instanceof CommanderError ? error.message.replace(/^error: /, '') : String(error);
    throw new LabUsageError(`${message.replace(/\.?$/, '.')} ${USAGE_TIP}`, { cause: error });
  }
  const o = program.opts<{
    threads: number;
    workers?: number;
    queries: number;
    readRatio: number;
    ttl: number;
    random: boolean;
    poolSize: number;
    warmup: number;
    cache: boolean;
    flush: boolean;
    verbose: boolean;
    interactive: boolean;
    backend: BackendKind;
    seed: string;
    keyPrefix: string;
    logDir: string;
    progress: boolean;
    compare: boolean;
  }>();
  if (o.warmup > 0 && !o.cache) {
    throw new LabUsageError('--warmup fills the cache, so it does nothing with --no-cache. Drop one of the two.');
  }
  if (o.compare && (o.interactive || !o.cache)) {
    throw new LabUsageError(`--compare runs its own scenarios; it cannot be combined with ${o.interactive ? '--interactive' : '--no-cache'}.`);
  }
  return {
    compare: o.compare,
    readRatioGiven: program.getOptionValueSource('readRatio') === 'cli',
    config: {
      threads: o.threads,
      workers: o.workers ?? 0,
      queries: o.queries,
      readRatio: o.readRatio,
      ttlMs: o.ttl,
      mode: o.random ? 'random' : 'pool',
      poolSize: o.poolSize,
      cache: o.cache,
      warmup: o.warmup,
      flush: o.flush,
      backend: o.backend,
      seed: o.seed,
      keyPrefix: o.keyPrefix,
      verbose: o.verbose,
      interactive: o.interactive,
      logDir: o.logDir,
      progress: o.progress,
    },
  };
}
