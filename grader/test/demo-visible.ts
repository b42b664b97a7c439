/** Visible load-check parameters of the demo (the secret ones are in the demo kit's grader/exercises/exercise-9-demo/secret.ts). */
export const DEMO_VISIBLE = { seed: 1, scale: 1 };
