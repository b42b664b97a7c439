/**
 * Opens a page in headless Chromium and reports what a person would see: a PNG screenshot and
 * every console error or uncaught exception. Drives Debian's `chromium` (or CHROMIUM_PATH) with
 * puppeteer-core, which downloads no browser of its own. Kit tooling for the tests that render
 * the report, the class views, the lab's plot and the exercise 5 dashboard.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';

/** What the page did. */
export interface PageReport {
  screenshot: Buffer;
  /** Console errors and assertions, error log entries (a resource that failed to load) and uncaught exceptions, as text. */
  errors: string[];
  /** The page's document.title. */
  title: string;
  /** How many `<svg>` elements the rendered page holds. */
  svgCount: number;
}

/** The browser binary: CHROMIUM_PATH, else the first of chromium, chromium-browser, google-chrome on PATH. */
function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CHROMIUM_PATH) return env.CHROMIUM_PATH;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
    if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  }
  throw new Error(
    'Chromium is not installed: `apt-get install chromium` (Debian) or set CHROMIUM_PATH to a Chrome/Chromium binary. The test needs it to render the page.',
  );
}

/** Loads `file` in headless Chromium (viewport `width`×`height`) and reports on it. */
export async function renderInChromium(file: string, options: { width?: number; height?: number; timeoutMs?: number } = {}): Promise<PageReport> {
  const timeout = options.timeoutMs ?? 30_000;
  // puppeteer makes a temporary profile and removes it once the browser has exited.
  const browser = await puppeteer.launch({
    executablePath: findChromium(),
    headless: true,
    pipe: true,
    timeout,
    protocolTimeout: timeout,
    defaultViewport: { width: options.width ?? 1400, height: options.height ?? 2400 },
    // --no-sandbox: CI runs as root; the rest keeps a test run quiet and off the network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-dev-shm-usage', '--hide-scrollbars'],
  });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    // Log entries (a resource that failed to load) arrive as console messages of type error too.
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'assert') errors.push(`console.${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => errors.push(`exception: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load', timeout });
    const title = await page.title();
    const svgCount = await page.$$eval('svg', (svgs) => svgs.length);
    const screenshot = Buffer.from(await page.screenshot({ type: 'png' }));
    return { screenshot, errors, title, svgCount };
  } finally {
    await browser.close();
  }
}
