import { describe, expect, it } from 'vitest';
import { IoredisMockChangedError, rawCommands } from './ioredis-mock.js';

describe('the ioredis-mock adapter', () => {
  it('passes its start-up self-test on the pinned version and harvests the command implementations', () => {
    expect(rawCommands.size).toBeGreaterThan(100);
    expect(typeof rawCommands.get('get')).toBe('function');
  });

  it('names what changed, the pinned version and the fix', () => {
    const error = new IoredisMockChangedError('RedisMock.prototype._initCommands is gone');
    expect(error.code).toBe('E_IOREDIS_MOCK_CHANGED');
    expect(error.message).toBe(
      'ioredis-mock changed: RedisMock.prototype._initCommands is gone. The embedded cache adapts ioredis-mock 8.13.1 (lib/backends/cache/embedded/ioredis-mock.ts); install that version (npm ci) or adapt that file.',
    );
  });
});
