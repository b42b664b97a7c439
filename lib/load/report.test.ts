import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  describeFailure,
  errorChain,
  findTodo,
  formatTarget,
  formatValue,
  nextHint,
  renderReport,
  renderTable,
  stubInStack,
  verdict,
  type FailureContext,
} from './report.js';
import type { Figure, LoadCheckResult } from './types.js';

const calls: Figure = { id: 'calls', label: 'source calls per expiry', value: 1, unit: 'calls', target: { op: '<=', value: 1 }, baseline: 50 };
const errors: Figure = { id: 'errors', label: 'caller errors', value: 12.5, unit: '%', target: { op: '==', value: 0 } };

const strip = stripVTControlCharacters;

describe('formatting', () => {
  it('formats values with their unit', () => {
    expect(formatValue(90, '%')).toBe('90%');
    expect(formatValue(1.5, '×')).toBe('1.5×');
    expect(formatValue(12.345, 'ms')).toBe('12.35 ms');
    expect(formatValue(1234.5, 'calls')).toBe('1,234.5 calls');
    expect(formatValue(0.012345, '')).toBe('0.0123');
    expect(formatValue(Number.NaN, 'ms')).toBe('—');
    expect(formatValue(0, 'ms')).toBe('0 ms');
  });

  it('formats targets with a comparison sign', () => {
    expect(formatTarget({ op: '<=', value: 1 }, 'calls')).toBe('≤ 1 calls');
    expect(formatTarget({ op: '>=', value: 90 }, '%')).toBe('≥ 90%');
    expect(formatTarget({ op: '==', value: 0 }, '')).toBe('= 0');
    expect(formatTarget({ op: '<', value: 50 }, 'ms')).toBe('< 50 ms');
  });
});

describe('renderTable', () => {
  it('aligns labels left and figures right, with a mark per target', () => {
    expect(renderTable([calls, errors], { color: false })).toBe(
      [
        'figure                    baseline     yours      target   met',
        'source calls per expiry   50 calls   1 calls   ≤ 1 calls     ✓',
        'caller errors                    —     12.5%        = 0%     ✗',
      ].join('\n'),
    );
  });

  it('colours only the marks and the header, keeping the alignment', () => {
    const coloured = renderTable([calls, errors], { color: true });
    expect(coloured).toContain('\u001b[32m✓\u001b[39m');
    expect(coloured).toContain('\u001b[31m✗\u001b[39m');
    expect(strip(coloured)).toBe(renderTable([calls, errors], { color: false }));
  });

  it('shows a missing figure as — with the reason under the table', () => {
    const broken: Figure = { ...calls, value: Number.NaN, error: 'the check timed out' };
    const table = renderTable([broken], { color: false });
    expect(table.split('\n')[1]).toMatch(/—\s+≤ 1 calls\s+✗$/);
    expect(table).toContain('  ! source calls per expiry: the check timed out');
  });
});

describe('verdict and next hint', () => {
  it('says how many targets were met and which were missed', () => {
    expect(verdict([calls])).toBe('All 1 targets met.');
    expect(verdict([calls, errors])).toBe('1 of 2 targets met; missed: caller errors.');
    expect(verdict([])).toBe('The check returned no figures.');
  });

  it('names the hint to ask for next, only after a miss', () => {
    const at = { name: 'exercise-4', readmePath: 'x/README.md' };
    expect(nextHint([calls], at)).toBeUndefined();
    expect(nextHint([calls, errors], at)).toBe('Next: npm run hint exercise-4 (the next hint, one tier at a time, for "caller errors").');
    const withHint = { ...errors, hint: 'Hints: handleRefreshFailure and stale serving' };
    expect(nextHint([withHint], at)).toBe(
      'Next: npm run hint exercise-4 handleRefreshFailure (the next tier of "handleRefreshFailure and stale serving", for "caller errors").',
    );
    expect(nextHint([{ ...errors, hint: 'Where the milliseconds go' }], at)).toBe('Next: read "Where the milliseconds go" in x/README.md.');
  });

  it('renders a whole report with parameters, notes, verdict and hint', () => {
    const result: LoadCheckResult = {
      exercise: 4,
      params: { seed: 42, scale: 1, backend: 'embedded' },
      figures: [calls, errors],
      notes: ['the source failed for 2 s'],
    };
    const text = renderReport(result, { name: 'exercise-4', title: 'Stampede', readmePath: 'ex/README.md', dir: 'ex' }, { color: false });
    const lines = text.split('\n');
    expect(lines.slice(0, 3)).toEqual(['exercise-4 · Stampede', 'seed 42 · scale 1 · embedded backend · ex', '']);
    expect(lines.slice(-4)).toEqual([
      'note: the source failed for 2 s',
      '',
      '1 of 2 targets met; missed: caller errors.',
      'Next: npm run hint exercise-4 (the next hint, one tier at a time, for "caller errors").',
    ]);
  });
});

describe('describeFailure', () => {
  const ctx: FailureContext = {
    name: 'exercise-4',
    phase: 'run',
    exerciseDir: '/kit/exercises/exercise-4-stampede',
    displayDir: 'exercises/exercise-4-stampede',
    stubs: ['stampede.ts', 'lock-manager.ts'],
    backend: 'embedded',
    verbose: false,
  };
  const todoFrom = (file: string) => {
    const e = new Error('TODO: implement acquire()');
    e.stack = `Error: TODO: implement acquire()\n    at LockManager.acquire (${file}:12:11)\n    at getOrLoad (/kit/exercises/exercise-4-stampede/stampede.ts:30:5)`;
    return e;
  };

  it('names the stub file the TODO was thrown from, without a stack', () => {
    const text = describeFailure(todoFrom('file:///kit/exercises/exercise-4-stampede/lock-manager.ts'), ctx);
    expect(text).toBe(
      'exercise-4 is not implemented yet: TODO: implement acquire(). Fill in exercises/exercise-4-stampede/lock-manager.ts (see exercises/exercise-4-stampede/README.md).',
    );
  });

  it('finds a TODO wrapped as a cause, and lists every stub when the stack names none', () => {
    const inner = new Error('TODO: write it');
    inner.stack = 'Error: TODO: write it\n    at somewhere (/elsewhere/x.ts:1:1)';
    const text = describeFailure(new Error('scenario 1 failed', { cause: inner }), ctx);
    expect(text).toContain(
      'not implemented yet: TODO: write it. Fill in exercises/exercise-4-stampede/stampede.ts, exercises/exercise-4-stampede/lock-manager.ts',
    );
  });

  it('explains a load failure, an unreachable real backend and any other failure, with a --verbose tip', () => {
    expect(describeFailure(new SyntaxError('Unexpected token }\n  at line 3'), { ...ctx, phase: 'load' })).toBe(
      'Could not load exercise-4 from exercises/exercise-4-stampede: Unexpected token }. Fix the file it names (it must compile and keep the exported names of the stub), then run the check again.\n(run with --verbose for the stack trace)',
    );
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });
    expect(describeFailure(refused, { ...ctx, backend: 'real' })).toMatch(
      /could not reach the real backend \(connect ECONNREFUSED 127\.0\.0\.1:6379\)\. Start it with `npm run services`/,
    );
    expect(describeFailure(refused, ctx)).toMatch(/^The exercise-4 load check failed: connect ECONNREFUSED/);
    expect(describeFailure('plain string', ctx)).toBe('The exercise-4 load check failed: plain string\n(run with --verbose for the stack trace)');
  });

  it('prints every stack in the chain with --verbose', () => {
    const inner = new Error('inner reason');
    const outer = new Error('outer', { cause: inner });
    const text = describeFailure(outer, { ...ctx, verbose: true });
    expect(text).toContain(outer.stack!);
    expect(text).toContain(`caused by: ${inner.stack!}`);
  });

  it('walks causes and aggregate errors once each', () => {
    const a = new Error('a');
    const agg = new AggregateError([a, new Error('TODO: b')], 'many', { cause: a });
    expect(errorChain(agg)).toHaveLength(3);
    expect(findTodo(agg)?.message).toBe('TODO: b');
    expect(findTodo(new Error('not a TODO: x'))).toBeUndefined();
  });

  it('picks the stub whose frame comes first', () => {
    const stack = todoFrom('/kit/exercises/exercise-4-stampede/lock-manager.ts').stack;
    expect(stubInStack(stack, '/kit/exercises/exercise-4-stampede', ['stampede.ts', 'lock-manager.ts'])).toBe('lock-manager.ts');
    expect(stubInStack(stack, '/other', ['stampede.ts'])).toBeUndefined();
  });
});
