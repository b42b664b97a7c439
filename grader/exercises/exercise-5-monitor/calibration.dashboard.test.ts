/**
 * Exercise 5's dashboard, as a person sees it: the reference monitor's live run (embedded cache,
 * virtual time) rendered to a static HTML page, opened in headless Chromium, screenshotted. The
 * page must load with no console error, draw its seven charts and list the alerts. Needs Debian's
 * `chromium` (or CHROMIUM_PATH); without it the test fails saying how to install it.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test } from 'vitest';
import { renderInChromium } from '../../../tests/support/browser.js';
import { renderDashboard } from '../../../lib/exercises/exercise-5-monitor/dashboard.js';
import { check, loadImplementation, runLive } from '../../../lib/exercises/exercise-5-monitor/check.js';
import { roleDirs } from '../../calibration/roles.js';

const dirs = roleDirs('exercise-5-monitor');

test('the dashboard of a live run renders in headless Chromium without console errors', async () => {
  const impl = await loadImplementation(dirs.solution);
  const live = await runLive(impl, check.visible);
  const html = renderDashboard({
    title: 'Exercise 5 dashboard',
    samples: live.samples,
    events: live.events,
    recommendations: live.recommendations,
    incidents: live.incidents,
    startedAt: live.startedAt,
  });
  const dir = mkdtempSync(path.join(tmpdir(), 'cachelab-ex5-dashboard-'));
  const page = path.join(dir, 'dashboard.html');
  writeFileSync(page, html);
  expect(html).not.toMatch(/<script|<link|src="http/); // self-contained: nothing to load
  const report = await renderInChromium(page);
  writeFileSync(path.join(dir, 'dashboard.png'), report.screenshot);
  expect(report.errors, 'console errors').toEqual([]);
  expect(report.title).toBe('Exercise 5 dashboard');
  expect(report.svgCount, 'seven charts').toBe(7);
  expect(report.screenshot.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG').toBe(true);
  expect(report.screenshot.length, 'a screenshot with something drawn on it').toBeGreaterThan(50_000);
  expect(readFileSync(page, 'utf8')).toContain('hit-ratio');
}, 60_000);
