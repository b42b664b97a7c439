import { describe, expect, it } from 'vitest';
import { Counters } from './counters.js';

describe('Counters', () => {
  it('starts every named counter at 0 and adds steps', () => {
    const c = new Counters(['ops', 'errors'] as const);
    expect(c.snapshot()).toEqual({ ops: 0, errors: 0 });
    c.inc('ops');
    c.inc('ops', 4);
    c.inc('errors', 2);
    expect(c.get('ops')).toBe(5);
    expect(c.snapshot()).toEqual({ ops: 5, errors: 2 });
  });

  it('resets every counter to 0', () => {
    const c = new Counters(['a', 'b'] as const);
    c.inc('a', 3);
    c.inc('b', 7);
    c.reset();
    expect(c.snapshot()).toEqual({ a: 0, b: 0 });
  });

  it('merges another set or a snapshot (as a worker thread would post it)', () => {
    const a = new Counters(['hits', 'misses'] as const);
    const b = new Counters(['hits', 'misses'] as const);
    a.inc('hits', 2);
    b.inc('hits', 3);
    b.inc('misses', 1);
    a.merge(b);
    a.merge({ misses: 4 });
    expect(a.snapshot()).toEqual({ hits: 5, misses: 5 });
  });

  it('rejects an unknown name with the list of known ones', () => {
    const c = new Counters(['ops'] as const);
    expect(() => c.inc('opps' as 'ops')).toThrow(
      expect.objectContaining({ code: 'E_UNKNOWN_COUNTER', message: expect.stringContaining('Known counters: ops') }),
    );
    expect(() => c.merge({ nope: 1 } as never)).toThrow(/Unknown counter "nope"/);
  });

  it('rejects a step that is not a finite number', () => {
    const c = new Counters(['ops'] as const);
    expect(() => c.inc('ops', Number.NaN)).toThrow(expect.objectContaining({ code: 'E_BAD_COUNTER_STEP' }));
    expect(c.get('ops')).toBe(0);
  });
});
