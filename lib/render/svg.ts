/**
 * Inline SVG charts for the kit's HTML pages: the line and bar charts of the lab's plot page and
 * exercise 5's dashboard (here, with axes, gridlines, ticks and a legend), the grader report's
 * target bar per figure (target-bar.ts) and the class view's score histogram (histogram.ts).
 * Written by hand because the pages must work offline with nothing to load, and the kit ships no
 * chart library; every chart is plain geometry over the numbers it is given. Every text a chart
 * shows goes through escapeXml below, so the SVG a chart returns is trusted markup that a page
 * template inserts as is (handlebars `{{{ }}}`); everything else on a page is escaped by the page.
 */

/** One line of a line chart. */
export interface LineSeries {
  name: string;
  color: string;
  /** One value per x position; null is a gap. */
  values: readonly (number | null)[];
}

/** Size and labels of a chart. */
export interface ChartFrame {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Fixed top of the y axis (e.g. 100 for a percentage); default: a round number above the data. */
  yMax?: number;
}

const W = 760;
const H = 300;
const M = { left: 78, right: 20, top: 36, bottom: 46 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

/** Escapes text for SVG/HTML: the one escaping of every chart's text and attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A round step near max/5 (1, 2 or 5 times a power of ten). */
function niceStep(max: number, ticks = 5): number {
  if (!(max > 0)) return 1;
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].find((m) => m * power >= raw)!;
  return step * power;
}

/** A number as a chart prints it: grouped thousands, fewer decimals the larger it is. */
const fmt = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: n < 10 ? 2 : n < 100 ? 1 : 0 });

function frame(f: ChartFrame, n: number, dataMax: number, slots = false): { svg: string[]; x: (i: number) => number; y: (v: number) => number } {
  const step = niceStep(f.yMax ?? dataMax);
  const top = f.yMax ?? Math.max(step, Math.ceil(dataMax / step) * step);
  // Lines run edge to edge; bars sit in the middle of equal slots.
  const x = (i: number) => M.left + (slots ? ((i + 0.5) / Math.max(1, n)) * PW : n <= 1 ? PW / 2 : (i / (n - 1)) * PW);
  const y = (v: number) => M.top + PH - (Math.max(0, Math.min(v, top)) / top) * PH;
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeXml(f.title)}" class="chart">`,
    `<title>${escapeXml(f.title)}</title>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" class="chart-title">${escapeXml(f.title)}</text>`,
  ];
  for (let v = 0; v <= top + 1e-9; v += niceStep(top)) {
    svg.push(`<line x1="${M.left}" x2="${M.left + PW}" y1="${y(v).toFixed(1)}" y2="${y(v).toFixed(1)}" class="grid"/>`);
    svg.push(`<text x="${M.left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${fmt(v)}</text>`);
  }
  const every = Math.max(1, Math.ceil(n / 10));
  for (let i = 0; i < n; i += every) svg.push(`<text x="${x(i).toFixed(1)}" y="${M.top + PH + 16}" text-anchor="middle" class="tick">${i}</text>`);
  svg.push(
    `<line x1="${M.left}" x2="${M.left}" y1="${M.top}" y2="${M.top + PH}" class="axis"/>`,
    `<line x1="${M.left}" x2="${M.left + PW}" y1="${M.top + PH}" y2="${M.top + PH}" class="axis"/>`,
    `<text x="${M.left + PW / 2}" y="${H - 8}" text-anchor="middle" class="label">${escapeXml(f.xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeXml(f.yLabel)}</text>`,
  );
  return { svg, x, y };
}

function legend(items: readonly { name: string; color: string }[]): string[] {
  return items.map((s, i) => {
    const lx = M.left + 12 + i * 170;
    return `<rect x="${lx}" y="${M.top - 4}" width="12" height="4" fill="${escapeXml(s.color)}"/><text x="${lx + 16}" y="${M.top}" class="legend">${escapeXml(s.name)}</text>`;
  });
}

/** A line chart of `series` over x = 0..n-1. */
export function lineChart(f: ChartFrame, series: readonly LineSeries[]): string {
  const n = Math.max(0, ...series.map((s) => s.values.length));
  const dataMax = Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null)));
  const { svg, x, y } = frame(f, n, dataMax);
  for (const s of series) {
    let run: string[] = [];
    const flush = () => {
      if (run.length > 1) svg.push(`<polyline points="${run.join(' ')}" fill="none" stroke="${escapeXml(s.color)}" stroke-width="2"/>`);
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null) return flush();
      run.push(`${x(i).toFixed(1)},${y(v).toFixed(1)}`);
      if (n <= 60)
        svg.push(
          `<circle cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5" fill="${escapeXml(s.color)}"><title>${escapeXml(`${s.name} +${i}s: ${fmt(v)}`)}</title></circle>`,
        );
    });
    flush();
  }
  svg.push(...legend(series), '</svg>');
  return svg.join('');
}

/** A bar chart, one bar per x; null values leave a gap. */
export function barChart(f: ChartFrame, values: readonly (number | null)[], color: string, unit = ''): string {
  const n = values.length;
  const dataMax = Math.max(0, ...values.filter((v): v is number => v !== null));
  const { svg, x, y } = frame(f, n, dataMax, true);
  const width = Math.max(1, Math.min(40, (PW / Math.max(1, n)) * 0.7));
  values.forEach((v, i) => {
    if (v === null) return;
    const top = y(v);
    svg.push(
      `<rect x="${(x(i) - width / 2).toFixed(1)}" y="${top.toFixed(1)}" width="${width.toFixed(1)}" height="${(M.top + PH - top).toFixed(1)}" fill="${escapeXml(color)}">` +
        `<title>+${i}s: ${escapeXml(fmt(v) + unit)}</title></rect>`,
    );
  });
  svg.push('</svg>');
  return svg.join('');
}
