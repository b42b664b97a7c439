/**
 * Exercise 2's secret load-check parameters (never shipped to students): another seed and twice
 * the visible scale (8 instances, 240 callers, 1,280 requests over 600 keys), so a submission tuned
 * to the visible trace gains nothing.
 */
export default { seed: 'ex2-9b41c7e2-evening-peak', scale: 2 };
