// The layer check (part of `npm run lint`: `npx depcruise . --config .dependency-cruiser.mjs`): lib/ in layers, lowest first:
// platform (backends, sim including the deterministic runner, workload, metrics, render) ←
// exercises (lib/exercises/<slug>/: the given code each exercise adds) ← checks (each exercise's
// load check, lib/exercises/<slug>/check.ts and check/, and what they share, lib/load). No import
// upward, no cycle between layers, no exercise reaching into another's folder, and the runtime,
// which ships to students, imports no tool, grader, test or solution code.
// Paths are resolved (type-only imports included), so a relative path cannot dodge a rule.
// Reference: https://github.com/sverweij/dependency-cruiser/blob/main/doc/rules-reference.md

/** The layers below lib/exercises, which know no exercise and no check. */
const PLATFORM = '^lib/(backends|sim|workload|metrics|render)/';
/** The checks: what the load checks share, and each exercise's own check. */
const CHECKS = '^lib/(load/|exercises/[^/]+/check([.]ts$|/))';
/** The given code of the exercises: their folders without their checks. */
const GIVEN = '^lib/exercises/[^/]+/(?!check([.]ts$|/))';
/** The dashboard CLI runs exercise 5's live check: a tool kept at the path the exercise README names; nothing in lib imports it. */
const DASHBOARD_CLI = '^lib/exercises/exercise-5-monitor/dashboard-cli[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'lib-imports-no-tool',
      comment: 'lib/ ships to students: it imports no tool (lab, scripts, benchmarks), no grader, test or solution code.',
      severity: 'error',
      from: {
        path: '^lib/',
        // Known exceptions (issue 15), tests of a tool filed under lib/load: each belongs beside
        // what it tests (scripts/check.ts, lab/private-servers.ts).
        pathNot: ['^lib/load/check-backend[.]test[.]ts$', '^lib/load/check-command[.]test[.]ts$'],
      },
      to: { path: '^(lab|scripts|benchmarks|grader|tests|solutions)/' },
    },
    {
      name: 'platform-knows-no-exercise',
      comment: 'The platform (backends, sim, workload, metrics, render) knows no exercise and no check: move what you need down.',
      severity: 'error',
      from: { path: PLATFORM },
      to: { path: '^lib/(exercises|load)/' },
    },
    {
      name: 'exercises-below-checks',
      comment: 'The checks (lib/load, lib/exercises/<slug>/check*) sit above the given code: move what you need down, e.g. to lib/sim.',
      severity: 'error',
      from: { path: GIVEN, pathNot: DASHBOARD_CLI },
      to: { path: CHECKS },
    },
    {
      name: 'nothing-imports-the-dashboard-cli',
      comment: 'dashboard-cli.ts is the one exercises-to-checks import allowed above; imported by nothing, it closes no cycle.',
      severity: 'error',
      from: {},
      to: { path: DASHBOARD_CLI },
    },
    {
      name: 'one-exercise-per-folder',
      comment: "An exercise's folder imports no other exercise's: what two exercises share belongs in the platform.",
      severity: 'error',
      from: { path: '^lib/exercises/([^/]+)/' },
      // lib/exercises/*.ts (the shared error base) belongs to no exercise
      to: { path: '^lib/exercises/', pathNot: ['^lib/exercises/$1/', '^lib/exercises/[^/]+[.]ts$'] },
    },
    {
      name: 'no-cycle-between-exercises-and-checks',
      comment: 'The given code and the checks import each other in a cycle: move the shared part down (runDeterministic went to lib/sim for this).',
      severity: 'error',
      from: { path: GIVEN },
      to: { circular: true, via: { path: CHECKS } },
    },
    {
      name: 'no-cycle-through-the-platform',
      comment: 'A cycle from the platform through an exercise or a check: the platform imports neither.',
      severity: 'error',
      from: { path: PLATFORM },
      to: { circular: true, via: { path: '^lib/(exercises|load)/' } },
    },
    // Cycles inside one layer (a registry and its checks, a client and its pipeline) are not
    // layering problems, and mostly type-only; they are left to their files' owners.
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // as .gitignore and eslint.config.js: generated and local files
    exclude: { path: ['^(node_modules|out|logs|coverage|fixtures/generated|[.]cachelab)/', '(^|/)[.]tmp', '[.]tmp[.]ts$'] },
    tsConfig: { fileName: 'tsconfig.json' },
    // `import type` counts: a type from a layer above ties the layers together all the same.
    tsPreCompilationDeps: true,
  },
};
