/**
 * One line out of an error for reports: no stack, no temporary workspace paths. Imported by the
 * progress reporter and the load-check runner, which run inside the workspace's child processes.
 */

/** `/tmp/cachelab-grade-x/exercises/a.ts` → `exercises/a.ts` (also lib/ and grader/ paths). */
export function tidyPaths(text: string): string {
  return text.replace(/(?:file:\/\/)?(?<![\w.])\/[^\s'"()]*?\/(exercises|grader|lib)\//g, '$1/');
}

/** The first line of a message; when it only announces the next one ("… failed with 1 error:"), both. */
export function oneLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('at '));
  let line = lines[0] ?? '';
  if (line.endsWith(':') && lines[1]) line = `${line} ${lines[1]}`;
  return tidyPaths(line).slice(0, 400);
}

/** `Name: message` of anything thrown, as one line. */
export function describeError(error: unknown): string {
  if (error instanceof Error || (error !== null && typeof error === 'object' && 'message' in error)) {
    const e = error as { name?: string; message?: string };
    return oneLine(`${e.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e.message ?? ''}`);
  }
  return oneLine(String(error));
}
