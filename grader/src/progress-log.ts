/**
 * Reads the progress file the grader's vitest reporter wrote, and turns it into per-file test
 * outcomes. Works on a complete run and on one that was killed part-way (a hang).
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ProgressEvent } from './progress-reporter.js';
import type { RuntimeError } from './runtime-text.js';

/** What one test file reported. */
export interface FileProgress {
  ended: Map<string, { state: string; error?: RuntimeError }>;
  /** Tests that started and never ended (at most one per file when a run is killed). */
  running: string[];
  moduleErrors: RuntimeError[];
  /** The file ran to its end. */
  complete: boolean;
}

/** The whole log. */
export interface ProgressLog {
  files: Map<string, FileProgress>;
  unhandled: RuntimeError[];
  /** True when vitest reached the end of the run (it was not killed, did not crash). */
  done: boolean;
  /** A test worker died at its CPU-time limit (the sandbox pool's word, not the worker's). */
  cpuLimited: boolean;
}

/** Parses a progress file (missing file = nothing happened). */
export function readProgress(file: string): ProgressLog {
  const log: ProgressLog = { files: new Map(), unhandled: [], done: false, cpuLimited: false };
  if (!existsSync(file)) return log;
  const of = (name: string): FileProgress => {
    let entry = log.files.get(name);
    if (!entry) {
      entry = { ended: new Map(), running: [], moduleErrors: [], complete: false };
      log.files.set(name, entry);
    }
    return entry;
  };
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let event: ProgressEvent;
    try {
      event = JSON.parse(line) as ProgressEvent;
    } catch {
      continue; // a line cut short by a kill
    }
    switch (event.ev) {
      case 'start':
        of(event.file).running.push(event.name);
        break;
      case 'end': {
        const f = of(event.file);
        f.ended.set(event.name, { state: event.state, ...(event.message !== undefined || event.kind ? { error: errorOf(event) } : {}) });
        f.running = f.running.filter((n) => n !== event.name);
        break;
      }
      case 'module-error':
        of(event.file).moduleErrors.push(errorOf(event));
        break;
      case 'module-end':
        of(event.file).complete = true;
        break;
      case 'unhandled':
        log.unhandled.push(errorOf(event));
        break;
      case 'done':
        log.done = true;
        break;
      case 'cpu-limit':
        log.cpuLimited = true;
        break;
    }
  }
  return log;
}

function errorOf(e: { message?: string; kind?: string; where?: string }): RuntimeError {
  return {
    message: String(e.message ?? ''),
    ...(typeof e.kind === 'string' ? { kind: e.kind } : {}),
    ...(typeof e.where === 'string' ? { where: e.where } : {}),
  };
}

/** The progress of the file whose path ends with `rel` (vitest reports absolute paths). */
export function progressOf(log: ProgressLog, rel: string): FileProgress {
  for (const [file, progress] of log.files) if (file.replaceAll('\\', '/').endsWith(`/${rel}`)) return progress;
  return { ended: new Map(), running: [], moduleErrors: [], complete: false };
}
