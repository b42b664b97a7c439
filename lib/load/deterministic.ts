/** Moved to lib/sim/deterministic.ts (a simulation primitive); kept for grader/suites/exercise-3/kit.ts until it imports from there (issue 15). */
export { runDeterministic } from '../sim/deterministic.js';
