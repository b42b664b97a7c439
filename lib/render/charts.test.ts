/** The kit's charts: every text escaped once, by the module, and the classes the pages style. */
import { describe, expect, it } from 'vitest';
import { histogram, histogramLayout } from './histogram.js';
import { barChart, escapeXml, lineChart } from './svg.js';
import { targetBar, type TargetBar } from './target-bar.js';

const EVIL = `a<b>&"c"'d`;
const ESCAPED = 'a&lt;b&gt;&amp;&quot;c&quot;&#39;d';

const bar: TargetBar = {
  width: 420,
  height: 46,
  barWidth: 152.7,
  labelX: 156.7,
  barY: 18,
  barHeight: 14,
  valueLabel: `4 ${EVIL}`,
  met: false,
  measured: true,
  markers: [
    { x: 381.8, label: 'baseline 10 calls', kind: 'baseline', anchor: 'end' },
    { x: 38.2, label: 'target 1 calls', kind: 'target', anchor: 'start' },
  ],
  minLabel: '0 calls',
  maxLabel: '11 calls',
  title: `calls: ${EVIL}`,
};

/** The SVG's text with every escaped form of EVIL removed: nothing raw may be left. */
const rawLeft = (svg: string): boolean => svg.replaceAll(ESCAPED, '').includes('<b>');

describe('escapeXml', () => {
  it('escapes the five XML specials', () => {
    expect(escapeXml(EVIL)).toBe(ESCAPED);
  });
});

describe('targetBar', () => {
  it('draws the bar, the markers and the scale, with its title as accessible name', () => {
    const svg = targetBar(bar);
    expect(svg.match(/<svg /g)).toHaveLength(1);
    expect(svg).toContain(`aria-label="calls: ${ESCAPED}"`);
    expect(svg).toContain(`<title>calls: ${ESCAPED}</title>`);
    expect(svg).toContain('<rect class="bar-miss" x="0" y="18" width="152.7" height="14"/>');
    expect(svg).toContain('<line class="m-baseline" x1="381.8" x2="381.8"');
    expect(svg).toContain('text-anchor="end">baseline 10 calls</text>');
    expect(svg).toContain('<line class="m-target" x1="38.2"');
    expect(svg).toContain('>11 calls</text>');
    expect(rawLeft(svg)).toBe(false);
  });

  it('marks a met target and an unmeasured figure', () => {
    expect(targetBar({ ...bar, met: true })).toContain('class="bar-met"');
    const none = targetBar({ ...bar, measured: false, barWidth: 0 });
    expect(none).toContain('class="bar-none">not measured</text>');
    expect(none).not.toMatch(/bar-met|bar-miss/);
  });
});

describe('histogram', () => {
  const bins = [
    { label: '0%', count: 1, title: '0–50%: 1' },
    { label: EVIL, count: 0, title: EVIL },
    { label: '100%', count: 2, title: '50–100%: 2' },
  ];

  it('scales the bars to the fullest bin', () => {
    expect(histogramLayout(bins).map((b) => b.h)).toEqual([45, 0, 90]);
  });

  it('draws one bar per bin, a count over each non-empty one, and escapes the labels', () => {
    const svg = histogram(`scores ${EVIL}`, bins);
    expect(svg.match(/<rect class="bar"/g)).toHaveLength(3);
    expect(svg).toContain(`aria-label="scores ${ESCAPED}"`);
    expect(svg.match(/dy="-2">/g)).toHaveLength(2);
    expect(rawLeft(svg)).toBe(false);
  });
});

describe('lineChart and barChart', () => {
  it('escape titles, labels and series names', () => {
    const frame = { title: EVIL, xLabel: EVIL, yLabel: EVIL };
    const line = lineChart(frame, [{ name: EVIL, color: '#000', values: [1, null, 3, 4] }]);
    const bars = barChart(frame, [1, null, 2], '#000', EVIL);
    for (const svg of [line, bars]) {
      expect(svg.match(/<svg /g)).toHaveLength(1);
      expect(rawLeft(svg)).toBe(false);
    }
    expect(line).toContain(`<title>${ESCAPED}</title>`);
    expect(bars).toContain(`<title>+2s: 2${ESCAPED}</title>`);
  });
});
