import { describe, expect, it } from 'vitest';
import { LAB_DEFAULTS } from './config.js';
import { LabUsageError } from './errors.js';
import { MAX_THREADS, parseLoadtestArgs, type LoadtestArgs } from './options.js';
import { workerCount } from './threads.js';

function parse(argv: string[], env: NodeJS.ProcessEnv = {}): LoadtestArgs {
  const parsed = parseLoadtestArgs(argv, env);
  if ('help' in parsed) throw new Error('unexpected help');
  return parsed;
}

function usageError(argv: string[], env: NodeJS.ProcessEnv = {}): LabUsageError {
  try {
    parseLoadtestArgs(argv, env);
  } catch (error) {
    expect(error).toBeInstanceOf(LabUsageError);
    return error as LabUsageError;
  }
  throw new Error(`expected ${argv.join(' ')} to be rejected`);
}

describe('loadtest options', () => {
  it("defaults to the seed's settings: 4 threads, 10,000 queries, 80% reads, TTL 300,000 ms, pool of 10,000", () => {
    const { config, compare } = parse([]);
    expect(compare).toBe(false);
    expect(config).toMatchObject({
      threads: 4,
      queries: 10_000,
      readRatio: 80,
      ttlMs: 300_000,
      mode: 'pool',
      poolSize: 10_000,
      cache: true,
      warmup: 0,
      flush: false,
    });
    expect(config).toEqual({ ...LAB_DEFAULTS });
  });

  it('reads every option, long and short', () => {
    const { config } = parse([
      '-t',
      '8',
      '-q',
      '20000',
      '-r',
      '60',
      '--ttl',
      '100',
      '--random',
      '-f',
      '-v',
      '--warmup',
      '500',
      '--seed',
      '42',
      '--key-prefix',
      'lab:',
      '--backend',
      'real',
      '--log-dir',
      'out',
      '--no-progress',
    ]);
    expect(config).toMatchObject({
      threads: 8,
      queries: 20_000,
      readRatio: 60,
      ttlMs: 100,
      mode: 'random',
      flush: true,
      verbose: true,
      warmup: 500,
      seed: '42',
      keyPrefix: 'lab:',
      backend: 'real',
      logDir: 'out',
      progress: false,
      interactive: false,
    });
    expect(parse(['--no-cache']).config.cache).toBe(false);
    expect(parse(['-i']).config.interactive).toBe(true);
    expect(parse(['--compare']).compare).toBe(true);
    expect(parse(['--workers', '3']).config.workers).toBe(3);
  });

  it('spreads the threads over one worker thread per core but one, or --workers, never more than the threads', () => {
    const c = (threads: number, workers = 0) => ({ ...LAB_DEFAULTS, threads, workers });
    expect(workerCount(c(4), 2)).toBe(1);
    expect(workerCount(c(4), 8)).toBe(4);
    expect(workerCount(c(16), 8)).toBe(7);
    expect(workerCount(c(4, 4), 2)).toBe(4);
    expect(workerCount(c(2, 8), 2)).toBe(2);
    expect(workerCount(c(3), 1)).toBe(1);
  });

  it('picks the backend from CACHELAB_BACKEND, else real when a server URL is set, else embedded', () => {
    expect(parse([], {}).config.backend).toBe('embedded');
    expect(parse([], { DATABASE_URL: 'mysql://root@127.0.0.1/cachelab' }).config.backend).toBe('real');
    expect(parse([], { CACHE_URL: 'redis://127.0.0.1:6379', CACHELAB_BACKEND: 'embedded' }).config.backend).toBe('embedded');
    expect(parse(['--backend', 'embedded'], { CACHELAB_BACKEND: 'real' }).config.backend).toBe('embedded');
    expect(usageError([], { CACHELAB_BACKEND: 'cloud' }).message).toMatch(/CACHELAB_BACKEND="cloud" is not a backend/);
  });

  it.each([
    [['--read-ratio', '120'], /--read-ratio is the percentage of reads and must be from 0 to 100, got "120"/],
    [['-r', '-5'], /--read-ratio .* got "-5"/],
    [['--threads', '0'], /--threads must be a whole number from 1 to 64, got "0"/],
    [['--threads', String(MAX_THREADS + 1)], /--threads must be a whole number from 1 to 64/],
    [['-t', 'four'], /--threads .* got "four"/],
    [['--queries', '2.5'], /--queries must be a whole number/],
    [['--ttl', '0'], /--ttl must be a whole number ≥ 1, got "0"/],
    [['--warmup', '-1'], /--warmup must be a whole number ≥ 0/],
    [['--workers', '0'], /--workers must be a whole number from 1 to 64/],
    [['--backend', 'cloud'], /--backend.*cloud.*embedded, real/],
    [['--fast'], /unknown option '--fast'/],
    [['--warmup', '10', '--no-cache'], /--warmup fills the cache, so it does nothing with --no-cache/],
    [['--compare', '-i'], /--compare runs its own scenarios; it cannot be combined with --interactive/],
    [['--key-prefix', 'a b'], /--key-prefix must not contain spaces/],
  ])('rejects %j with a clear message', (argv, pattern) => {
    const error = usageError(argv);
    expect(error.message).toMatch(pattern);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe('E_LAB_USAGE');
  });

  it('says when npm kept an option for itself (no -- before the options)', () => {
    const error = usageError([], { npm_lifecycle_event: 'loadtest', npm_config_random: 'true' });
    expect(error.message).toMatch(/npm kept --random for itself\. Put -- before the options: npm run loadtest -- --random/);
  });

  it('returns the help text, with the seed-like examples', () => {
    const parsed = parseLoadtestArgs(['--help']);
    expect('help' in parsed && parsed.help).toMatch(/--read-ratio <pct>[\s\S]*--compare[\s\S]*Examples:/);
  });
});
