/**
 * Exercise 1's secret load-check parameters (never shipped to students): another seed and twice
 * the visible scale (4,800 items, 120,000 requests, a budget that follows the larger key space's
 * bytes, which now include a 10 MiB value), so a submission tuned to the visible trace gains nothing.
 */
export default { seed: 'ex1-4b9e27c3-evening-peak', scale: 2 };
