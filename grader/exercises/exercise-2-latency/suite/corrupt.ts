/**
 * Hidden tests of damaged and foreign values in the cache: another app's text or JSON, empty
 * strings, random bytes, a stored value cut short or with one byte flipped. A read must answer with
 * a clear error (E_CORRUPT_VALUE) or a miss (undefined) — never a crash, never other data.
 */
import { expect } from 'vitest';
import { codeOf, noise, prose, settle, type SuiteContext } from './kit.js';

/** A read's outcome, as the tests accept it: 'miss', 'corrupt', or what else happened. */
function verdict(outcome: { value?: unknown; error?: unknown }, original: unknown): string {
  if (outcome.error !== undefined) return codeOf(outcome.error) === 'E_CORRUPT_VALUE' ? 'corrupt' : `rejected with ${codeOf(outcome.error)}`;
  if (outcome.value === undefined) return 'miss';
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- what JSON cannot show (a function, a symbol, an object whose toJSON gives nothing) reads as String() shows it
  const text = typeof outcome.value === 'string' ? outcome.value : (JSON.stringify(outcome.value) ?? String(outcome.value));
  return outcome.value === original ? 'the old value (?)' : `returned data: ${text.slice(0, 40)}`;
}

const OK = ['corrupt', 'miss'];

/** Registers the corrupted-value tests. */
export function registerCorruptTests({ scenario }: SuiteContext): void {
  scenario('foreign values (text, JSON, empty, random bytes) read as E_CORRUPT_VALUE or a miss', async ({ instances, raw }) => {
    const [app] = instances<unknown>(1);
    const foreign: Record<string, string | Buffer> = {
      'plain text': 'hello world',
      'another app’s JSON': '{"user":42,"name":"Ada"}',
      'an empty string': '',
      'random bytes': noise(300),
      'a single byte': Buffer.from([0]),
    };
    for (const [name, bytes] of Object.entries(foreign)) {
      await raw.set(`foreign:${name}`, bytes);
      const outcome = await settle(app!.optimizer.read(`foreign:${name}`));
      expect(OK, `read of ${name}: ${verdict(outcome, undefined)}`).toContain(verdict(outcome, undefined));
    }
    const many = await settle(app!.optimizer.readMany(['foreign:plain text', 'missing']));
    expect(
      many.error === undefined ? (many.value?.[0] === undefined ? 'miss' : 'data') : codeOf(many.error),
      'readMany with a foreign value in the batch',
    ).toMatch(/^(miss|E_CORRUPT_VALUE)$/);
  });

  scenario('a stored value cut short or with one byte flipped never reads back as other data', async ({ instances, raw }) => {
    const [writer, reader] = instances<unknown>(2, { options: { compressionThreshold: 1_024 } });
    const values: Record<string, unknown> = { small: { id: 1, text: 'short' }, large: { id: 2, text: prose(50_000) }, binary: noise(20_000) };
    for (const [name, value] of Object.entries(values)) {
      await writer!.optimizer.write(`v:${name}`, value);
      const stored = (await raw.getBuffer(`v:${name}`))!;
      const damaged: Record<string, Buffer> = {
        truncated: stored.subarray(0, Math.floor(stored.length / 2)),
        'last byte flipped': Buffer.concat([stored.subarray(0, -1), Buffer.from([stored[stored.length - 1]! ^ 0xff])]),
        'middle byte flipped': (() => {
          const copy = Buffer.from(stored);
          const mid = copy.length >> 1;
          copy[mid] = copy[mid]! ^ 0x01;
          return copy;
        })(),
      };
      for (const [how, bytes] of Object.entries(damaged)) {
        const key = `v:${name}:${how}`;
        await raw.set(key, bytes);
        const outcome = await settle(reader!.optimizer.read(key));
        expect(OK, `${name} value, ${how}: ${verdict(outcome, value)}`).toContain(verdict(outcome, value));
      }
    }
  });

  scenario('decompress and deserialize refuse bytes they did not produce with E_CORRUPT_VALUE', async ({ instances }) => {
    const [app] = instances<unknown>(1);
    const opt = app!.optimizer;
    for (const [name, bytes] of [
      ['text', Buffer.from('hello')],
      ['random', noise(100)],
      ['empty', Buffer.alloc(0)],
    ] as const) {
      const thrown = (() => {
        try {
          opt.decompress(bytes);
          return 'accepted';
        } catch (e) {
          return codeOf(e);
        }
      })();
      expect(thrown, `decompress(${name})`).toBe('E_CORRUPT_VALUE');
    }
    const thrown = (() => {
      try {
        opt.deserialize(Buffer.from([0xff, 0xff, 0xff, 0x00, 0x13]));
        return 'accepted';
      } catch (e) {
        return codeOf(e);
      }
    })();
    expect(thrown, 'deserialize(garbage)').toBe('E_CORRUPT_VALUE');
  });
}
