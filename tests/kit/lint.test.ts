/**
 * `npm run lint` inside `npm run verify`, so CI counts it: ESLint (eslint.config.js), the
 * dead-code check knip (knip.jsonc), the layer check dependency-cruiser (.dependency-cruiser.mjs)
 * and the format check Prettier (.prettierrc.json, .prettierignore) must all report nothing. A failure shows their findings.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';

/** Runs a tool of node_modules/.bin from the kit root; its exit code and everything it printed. */
function run(tool: string, args: string[], timeout = 100_000): { code: number | null; output: string } {
  const r = spawnSync(path.join(KIT_ROOT, 'node_modules', '.bin', tool), args, {
    cwd: KIT_ROOT,
    encoding: 'utf8',
    timeout,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1' },
  });
  return { code: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? String(r.error) : ''}`.trim() };
}

describe('lint', () => {
  // Type-aware ESLint takes 32 s over the kit on an idle 2-core machine and 47-78 s on a loaded one
  // (eslint.config.js); inside verify, beside the other tests, it gets 240 s.
  it('ESLint finds nothing (npx eslint . lists the findings)', { timeout: 250_000 }, () => {
    const { code, output } = run('eslint', ['.'], 240_000);
    expect(output, 'ESLint findings').toBe('');
    expect(code).toBe(0);
  });

  it('knip finds no unused file, export, type or dependency (npm run lint:dead lists them)', () => {
    const { code, output } = run('knip', ['--no-progress']);
    expect(output, 'knip findings').toBe('');
    expect(code).toBe(0);
  });

  it('dependency-cruiser finds no layer violation in lib/ (npx depcruise . --config .dependency-cruiser.mjs lists them)', () => {
    const { code, output } = run('depcruise', ['.', '--config', '.dependency-cruiser.mjs']);
    expect(output, 'dependency-cruiser findings').toMatch(/^✔ no dependency violations found/);
    expect(code).toBe(0);
  });

  it('Prettier finds no file to format (npm run format formats them)', () => {
    const { code, output } = run('prettier', ['--check', '--log-level', 'warn', '.']);
    expect(output, 'files Prettier would change').toBe('');
    expect(code).toBe(0);
  });
});
