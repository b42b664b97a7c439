/**
 * The grader report's chart of one load-check figure: a horizontal bar of the measured value from
 * the axis origin, with a marker line for the baseline and one for the target, and the scale's
 * ends printed under it. The caller lays it out (grader/src/view.ts: positions in pixels and the
 * labels, formatted with the figure's unit); this draws it. The page styles the classes:
 * `bar-met` / `bar-miss` (the bar, target met or not), `bar-none` (the "not measured" text),
 * `m-baseline` / `m-target` (the markers).
 */
import { escapeXml } from './svg.js';

/** A marker line on the bar's scale. */
interface TargetBarMarker {
  x: number;
  label: string;
  kind: 'baseline' | 'target';
  /** Where the label sits: left of the line near the right edge. */
  anchor: 'start' | 'end';
}

/** A laid-out target bar: sizes and positions in pixels, labels as printed. */
export interface TargetBar {
  width: number;
  height: number;
  barWidth: number;
  /** Where the value label starts (right of the bar, kept inside the chart). */
  labelX: number;
  barY: number;
  barHeight: number;
  valueLabel: string;
  met: boolean;
  measured: boolean;
  markers: readonly TargetBarMarker[];
  minLabel: string;
  maxLabel: string;
  /** The accessible name (aria-label and title) of the chart. */
  title: string;
}

/** The SVG of one target bar. */
export function targetBar(c: TargetBar): string {
  const t = escapeXml;
  const bar = c.measured
    ? `<rect class="${c.met ? 'bar-met' : 'bar-miss'}" x="0" y="${c.barY}" width="${c.barWidth}" height="${c.barHeight}"/>` +
      `<text x="${c.labelX}" y="${c.barY}" dy="11" style="fill:#1f2328">${t(c.valueLabel)}</text>`
    : `<text x="4" y="${c.barY}" dy="11" class="bar-none">not measured</text>`;
  const markers = c.markers.map(
    (m) => `<line class="m-${t(m.kind)}" x1="${m.x}" x2="${m.x}" y1="12" y2="36"/><text x="${m.x}" y="10" text-anchor="${t(m.anchor)}">${t(m.label)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${c.width}" height="${c.height}" viewBox="0 0 ${c.width} ${c.height}" role="img" aria-label="${t(c.title)}">`,
    `<title>${t(c.title)}</title>`,
    `<rect x="0" y="${c.barY}" width="${c.width}" height="${c.barHeight}" fill="#f6f8fa"/>`,
    bar,
    ...markers,
    `<text x="0" y="45">${t(c.minLabel)}</text><text x="${c.width}" y="45" text-anchor="end">${t(c.maxLabel)}</text>`,
    '</svg>',
  ].join('\n');
}
