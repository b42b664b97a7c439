// ESLint 9 flat config (`npm run lint`, with knip and dependency-cruiser): eslint's recommended rules and
// typescript-eslint's type-checked ones (recommendedTypeChecked, through the project service on tsconfig.json;
// off for the JavaScript files, which no tsconfig covers). Type-aware rules find what tsc does not: a promise
// nobody handles, a method passed unbound, `any` flowing into typed code, an object printed as '[object Object]'.
// They cost time: `npx eslint .` over the kit takes 32 s of CPU (13 s with the untyped rules alone), measured
// at 47-78 s of wall time on the shared 2-core machine; tests/kit/lint.test.ts allows it 240 s.
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  // as .gitignore: generated and local files
  globalIgnores(['node_modules/', 'out/', 'logs/', 'coverage/', '.cachelab/', 'fixtures/generated/', '**/*.tmp.ts', '**/.tmp*/']),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  // The config files and scripts in JavaScript are outside tsconfig.json: no type information.
  { files: ['**/*.{js,mjs,cjs}'], extends: [tseslint.configs.disableTypeChecked] },
  {
    rules: {
      // An async function may implement an async interface (CacheClient, DataSource, a load check)
      // without awaiting anything: its result must still be a promise, which `async` makes it.
      '@typescript-eslint/require-await': 'off',
      // `_name` marks a parameter or binding kept on purpose (a signature, a rest sibling).
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // ioredis-mock's internals are used in one adapter, pinned and self-tested at start-up.
    ignores: ['lib/backends/cache/embedded/ioredis-mock.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'ioredis-mock', message: 'Use lib/backends/cache/embedded/ioredis-mock.ts, the one adapter of its internals.' }] },
      ],
    },
  },
  // lib/'s layers (no import upward, no cycle between layers, no tool in the runtime) are checked on
  // resolved paths by dependency-cruiser (.dependency-cruiser.mjs), the third step of `npm run lint`.
  {
    // Tests poke at parsed JSON documents and fakes of any shape.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Test code: `expect(obj.fn)` and `vi.spyOn(obj, 'fn')` pass methods unbound on purpose (vitest's
    // idiom), and the tests read parsed JSON (results.json, reports, fixtures) of any shape.
    files: ['**/*.test.ts', 'grader/exercises/*/suite.ts', 'grader/exercises/*/suite/**', 'grader/test/**', 'tests/**'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
    },
  },
  {
    // The stubs keep the exact signatures and fields the student fills in: unused until then.
    files: ['exercises/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { args: 'none', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-unused-private-class-members': 'off',
    },
  },
  // Findings in files of other areas, left to their owners (issue 15); remove each when fixed.
  {
    files: ['solutions/exercise-1-hit-ratio/cache-keys.ts'],
    rules: { '@typescript-eslint/no-unused-vars': ['error', { caughtErrors: 'none' }] },
  },
  // Findings in files being changed by others (issue 15): fixed once they land
  {
    files: [
      'lab/loadtest-cli.ts', // no-unsafe-argument, no-unsafe-assignment, no-unsafe-member-access
      'lab/mysql-store.ts', // no-unsafe-assignment
      'lib/backends/cache/cluster/router.ts', // prefer-promise-reject-errors
      'lib/backends/cache/conformance/keys.ts', // unbound-method
      'lib/backends/cache/conformance/scripting.ts', // unbound-method
      'lib/backends/cache/conformance/transactions.ts', // unbound-method
      'lib/backends/cache/embedded.ts', // no-redundant-type-constituents, no-unnecessary-type-assertion
      'lib/backends/cache/embedded/client.ts', // unbound-method
      'lib/backends/cache/embedded/core.ts', // no-unnecessary-type-assertion
      'lib/backends/cache/embedded/wire.ts', // no-base-to-string
      'lib/backends/cache/real.ts', // no-unnecessary-type-assertion
      'lib/backends/cache/redis-cluster.test.ts', // no-unnecessary-type-assertion
      'lib/backends/cache/redis-cluster.ts', // no-unnecessary-type-assertion
      'lib/backends/cache/reply-error.ts', // no-unsafe-assignment
      'lib/backends/cache/resp.ts', // no-base-to-string
      'lib/backends/cache/traffic.ts', // no-base-to-string
      'lib/backends/source/airport-mysql.ts', // no-unsafe-assignment
      'lib/backends/source/airport/files.ts', // no-unsafe-argument, no-unsafe-assignment, no-unsafe-member-access
      'lib/backends/source/social-source.ts', // unbound-method
      'lib/load/backend-preflight.ts', // no-base-to-string
    ],
    rules: {
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
