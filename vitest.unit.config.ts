/**
 * The fast tier (`npm run verify:unit`): the kit's unit tests that need no server and grade no
 * submission in the sandbox, in well under a minute on 2 cores. `npm run verify` (what CI runs)
 * still runs everything. tests/support/no-services.ts runs each file as if Redis, Valkey and
 * MariaDB were stopped and fails a file that reaches for one: such a file goes in EXCLUDE below.
 */
import { defineConfig } from 'vitest/config';

/** Left to `npm run verify`, each for a reason. */
const EXCLUDE = [
  '**/node_modules/**',
  // grading in the sandbox (bwrap), the membrane, or a child grader process
  'grader/test/{fixtures,leaks,redteam,gradescope-run,export-classroom,export-gradescope,solutions-own-tests,stop,out-lock}.test.ts',
  'grader/test/{sandbox,membrane}*.test.ts',
  'grader/test/{release,similarity-edition}.test.ts',
  // a real or private Redis, Valkey or MariaDB (the guard catches these: redis-server started)
  'grader/test/infrastructure.test.ts',
  'lab/{real,faults}.test.ts',
  'lib/load/check-backend.test.ts',
  'lib/backends/cache/{conformance-real,conformance-valkey,eviction-vs-redis,real,cluster,redis-cluster}.test.ts',
  'lib/exercises/exercise-3-hot-keys/given.test.ts',
  // the same, through net.connect (mysql2, ioredis): caught since the guard reads its normalized
  // arguments; with services up these had reached the real MariaDB and Redis unnoticed
  'lab/flughafendb.test.ts',
  'lib/backends/cache/index.test.ts',
  'lib/backends/source/{airport-mysql,social-source}.test.ts',
  'lib/exercises/exercise-2-latency/given.test.ts',
  // a child process (npm run fixtures -- --load) that loads MariaDB, out of the guard's reach
  'fixtures/fixtures.test.ts',
  // headless Chromium
  'lab/plot/chromium.test.ts',
  'grader/test/{report-chromium,similarity-class}.test.ts',
  // child processes: the lab CLI through tsx, the TypeScript compiler over every exercise
  'lab/loadtest-cli.test.ts',
  'lib/typecheck.test.ts',
];

export default defineConfig({
  test: {
    name: 'unit',
    include: [
      'lib/**/*.test.ts',
      'fixtures/**/*.test.ts',
      'grader/test/**/*.test.ts',
      'lab/**/*.test.ts',
      'tests/kit/{manifest,contract}.test.ts',
      'solutions/**/*.test.ts',
    ],
    exclude: EXCLUDE,
    setupFiles: ['tests/support/no-services.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
