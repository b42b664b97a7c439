/** Visible load-check parameters of the demo (the secret ones are in the demo kit's grader/secret/exercise-9.ts). */
export const DEMO_VISIBLE = { seed: 1, scale: 1 };
