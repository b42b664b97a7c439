/**
 * Exercise 3's secret load-check parameters (never shipped to students): another seed and twice
 * the visible scale (20,000 keys, 6 hot-set epochs on the embedded cluster), so a submission tuned
 * to the visible trace gains nothing.
 */
export default { seed: 'ex3-5d81c0a7-shifting-hot-set', scale: 2 };
