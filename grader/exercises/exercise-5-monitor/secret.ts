/**
 * Exercise 5's secret load-check parameters (never shipped to students): another seed, so the
 * incidents, their order, sizes and the traps between them are laid out differently, and twice
 * the visible scale (8 labelled series instead of 4), so a submission tuned to the visible
 * series gains nothing.
 */
export default { seed: 'ex5-2b9d47e1-night-shift', scale: 2 };
