/**
 * Exercise 4's secret load-check parameters (never shipped to students): another seed and twice
 * the visible scale (2,000 hot-key callers, 20,000 peak-hour keys, 400 callers in the fault runs),
 * so a submission tuned to the visible trace gains nothing.
 */
export default { seed: 'ex4-7f3c91d2-peak-hour', scale: 2 };
