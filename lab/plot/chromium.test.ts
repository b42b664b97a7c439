/**
 * The lab's HTML plot page as a person sees it: a short embedded run's log rendered with
 * `plot explain --html`, opened in headless Chromium, screenshotted. The page must load with no
 * console error and draw the five views. Needs Debian's `chromium` (or CHROMIUM_PATH); without
 * it the test fails saying how to install it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { renderInChromium } from '../../tests/support/browser.js';
import { LAB_DEFAULTS } from '../config.js';
import { runEmbedded } from '../embedded.js';
import { buildLog, writeLog } from '../log-file.js';
import { plotMain } from './cli.js';

test('the plot page renders in headless Chromium: five charts, no console errors, a screenshot', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-plot-chromium-'));
  const outcome = await runEmbedded({ ...LAB_DEFAULTS, queries: 2_000, seed: 'chromium', progress: false }, { epochMs: 1_764_081_507_000 });
  const log = writeLog(buildLog(outcome), dir);
  const page = path.join(dir, 'plot.html');
  let err = '';
  const code = await plotMain(['explain', log, '--html', page], { out: () => undefined, err: (t) => (err += t), env: {}, cwd: dir });
  expect([code, err]).toEqual([0, '']);
  const report = await renderInChromium(page);
  writeFileSync(path.join(dir, 'plot.png'), report.screenshot);
  expect(report.errors, 'console errors').toEqual([]);
  expect(report.svgCount, 'the five views of the published results').toBe(5);
  expect(report.screenshot.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG').toBe(true);
  expect(report.screenshot.length, 'a screenshot with something drawn on it').toBeGreaterThan(20_000);
  console.log(`plot page screenshot: ${path.join(dir, 'plot.png')}`);
}, 60_000);
