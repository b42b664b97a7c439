/**
 * A histogram: one bar per bin, scaled to the fullest bin, the bin's label under its bar and its
 * count above it (none for an empty bin), the bin's description as each bar's tooltip. The class
 * view's score distribution (grader/src/class-view.ts: ten bands of percent) is drawn with it. The
 * page styles the bars by their class, `bar`.
 */
import { escapeXml } from './svg.js';

/** One bin: what is printed under its bar, its count, and its tooltip (e.g. `30–40%: 2`). */
export interface HistogramBin {
  label: string;
  count: number;
  title: string;
}

/** One bar of a laid-out histogram, in pixels. */
export interface HistogramBar {
  x: number;
  y: number;
  w: number;
  h: number;
}

const WIDTH = 400;
const HEIGHT = 120;
/** Room under the bars for the labels, and above the fullest bar for its count. */
const BELOW = 16;
const ABOVE = 14;

/** Where each bin's bar sits: equal slots over the width, heights relative to the fullest bin. */
export function histogramLayout(bins: readonly HistogramBin[]): HistogramBar[] {
  const top = Math.max(1, ...bins.map((b) => b.count));
  const slot = WIDTH / Math.max(1, bins.length);
  return bins.map((b, i) => {
    const h = Math.round((b.count / top) * (HEIGHT - BELOW - ABOVE));
    return { x: i * slot + 2, y: HEIGHT - BELOW - h, w: slot - 4, h };
  });
}

/** The SVG of a histogram; `title` is its accessible name. */
export function histogram(title: string, bins: readonly HistogramBin[]): string {
  const t = escapeXml;
  const bars = histogramLayout(bins).map((bar, i) => {
    const b = bins[i]!;
    return (
      `<rect class="bar" x="${bar.x}" y="${bar.y}" width="${bar.w}" height="${bar.h}"><title>${t(b.title)}</title></rect>` +
      `<text x="${bar.x}" y="${HEIGHT}">${t(b.label)}</text>` +
      (b.count > 0 ? `<text x="${bar.x}" y="${bar.y}" dy="-2">${b.count}</text>` : '')
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${t(title)}">`,
    `<title>${t(title)}</title>`,
    ...bars,
    '</svg>',
  ].join('\n');
}
