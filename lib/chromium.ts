/**
 * Opens a page in headless Chromium and reports what a person would see: a PNG screenshot and
 * every console error or uncaught exception. Written by hand over the DevTools protocol on a pipe
 * (`--remote-debugging-pipe`: JSON messages ending in a NUL byte on file descriptors 3 and 4),
 * because the kit installs no browser driver; it needs only Debian's `chromium` (or CHROMIUM_PATH).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';

/** What the page did. */
export interface PageReport {
  screenshot: Buffer;
  /** Console errors, uncaught exceptions and error log entries, as text. */
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
  throw new Error('Chromium is not installed: `apt-get install chromium` (Debian) or set CHROMIUM_PATH to a Chrome/Chromium binary. The dashboard test needs it to render the page.');
}

/** Loads `file` in headless Chromium (viewport `width`×`height`) and reports on it. */
export async function renderInChromium(file: string, options: { width?: number; height?: number; timeoutMs?: number } = {}): Promise<PageReport> {
  const profile = mkdtempSync(path.join(tmpdir(), 'cachelab-chromium-'));
  const args = [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', '--hide-scrollbars', '--remote-debugging-pipe',
    `--user-data-dir=${profile}`, `--window-size=${options.width ?? 1400},${options.height ?? 2400}`, 'about:blank',
  ];
  const child = spawn(findChromium(), args, { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
  const errors: string[] = [];
  const pending = new Map<number, { resolve: (v: Record<string, unknown>) => void; reject: (e: Error) => void }>();
  const waiters: { method: string; resolve: () => void }[] = [];
  let nextId = 1;
  let buffer = '';
  fromBrowser.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let end: number;
    while ((end = buffer.indexOf('\0')) >= 0) {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- DevTools event parameters, read field by field below
      const message = JSON.parse(buffer.slice(0, end)) as { id?: number; result?: Record<string, unknown>; error?: { message: string }; method?: string; params?: Record<string, any> };
      buffer = buffer.slice(end + 1);
      if (message.id !== undefined) {
        const p = pending.get(message.id);
        pending.delete(message.id);
        if (message.error) p?.reject(new Error(`DevTools: ${message.error.message}`));
        else p?.resolve(message.result ?? {});
        continue;
      }
      const params = message.params ?? {};
      if (message.method === 'Runtime.consoleAPICalled' && (params.type === 'error' || params.type === 'assert')) {
        errors.push(`console.${params.type}: ${(params.args ?? []).map((a: { value?: unknown; description?: string }) => a.value ?? a.description).join(' ')}`);
      } else if (message.method === 'Runtime.exceptionThrown') {
        errors.push(`exception: ${params.exceptionDetails?.exception?.description ?? params.exceptionDetails?.text}`);
      } else if (message.method === 'Log.entryAdded' && params.entry?.level === 'error') {
        errors.push(`log: ${params.entry.text}${params.entry.url ? ` (${params.entry.url})` : ''}`);
      }
      for (const w of waiters.filter((x) => x.method === message.method)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<Record<string, unknown>> =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  const event = (method: string) => new Promise<void>((resolve) => waiters.push({ method, resolve }));
  const exited = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`Chromium exited (code ${code}) before the page was rendered: ${stderr.trim().slice(-500)}`))));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Chromium did not render ${file} within ${options.timeoutMs ?? 30_000} ms.`)), options.timeoutMs ?? 30_000);
  });
  const work = async (): Promise<PageReport> => {
    const { targetId } = (await send('Target.createTarget', { url: 'about:blank' })) as { targetId: string };
    const { sessionId } = (await send('Target.attachToTarget', { targetId, flatten: true })) as { sessionId: string };
    await Promise.all(['Runtime.enable', 'Log.enable', 'Page.enable'].map((m) => send(m, {}, sessionId)));
    const loaded = event('Page.loadEventFired');
    await send('Page.navigate', { url: pathToFileURL(path.resolve(file)).href }, sessionId);
    await loaded;
    const evaluate = async (expression: string) => ((await send('Runtime.evaluate', { expression, returnByValue: true }, sessionId)) as { result: { value: unknown } }).result.value;
    const title = String(await evaluate('document.title'));
    const svgCount = Number(await evaluate("document.querySelectorAll('svg').length"));
    const shot = (await send('Page.captureScreenshot', { format: 'png' }, sessionId)) as { data: string };
    await send('Browser.close').catch(() => undefined);
    return { screenshot: Buffer.from(shot.data, 'base64'), errors, title, svgCount };
  };
  try {
    return await Promise.race([work(), exited, timeout]);
  } finally {
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) {
      // Wait for the browser to be gone: it writes into its profile until it exits.
      const gone = new Promise<void>((resolve) => child.once('close', () => resolve()));
      child.kill('SIGKILL');
      await Promise.race([gone, new Promise<void>((resolve) => setTimeout(resolve, 5_000))]);
    }
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch {
      // A temporary profile that will not go away is not worth failing the render for.
    }
  }
}
