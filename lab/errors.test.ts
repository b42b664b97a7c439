import { describe, expect, it } from 'vitest';
import { exitCodeOf, LabStepError, messageOf, namedServerError, signalExitCode } from './errors.js';

describe("the lab's messages", () => {
  const DB = 'MySQL/MariaDB at DATABASE_URL=mysql://root:****@127.0.0.1:3306/cachelab';

  it('a server error the kit has no message for names the server (and the fix for too many connections), never "Unexpected error"', () => {
    const tooMany = Object.assign(new Error('Too many connections'), { code: 'ER_CON_COUNT_ERROR' });
    const named = namedServerError(tooMany, DB);
    expect(messageOf(named)).toBe(
      `${DB} answered: Too many connections (ER_CON_COUNT_ERROR). Run with fewer --threads, or raise the server's max_connections.`,
    );
    expect(exitCodeOf(named)).toBe(1);
    const own = new LabStepError('database', `${DB}: x`);
    expect(namedServerError(own, DB)).toBe(own); // the kit's own errors pass through as they are
  });

  it('a stopped run exits 128 + the signal number', () => {
    expect([signalExitCode('SIGINT'), signalExitCode('SIGTERM')]).toEqual([130, 143]);
  });
});
