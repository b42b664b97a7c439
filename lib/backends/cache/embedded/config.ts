/**
 * CONFIG GET / SET of the embedded server: the eviction settings drive the memory budget; a few
 * common ones are kept so CONFIG GET answers as Redis 7 does. Values are validated with Redis's
 * rules and error texts (memory values accept 100mb, 1gb, 512k, …).
 */
import { ReplyError } from '../reply-error.js';
import { EVICTION_POLICIES, isEvictionPolicy } from '../../../sim/eviction.js';
import type { MemoryBudget } from '../../../sim/memory-budget.js';

const INT_MAX = 2_147_483_647;
const MEMORY_UNITS: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 ** 2, g: 1e9, gb: 1024 ** 3 };

/** Parses a Redis memory value ("100mb", "1gb", "512k", "1048576"); undefined if malformed. */
export function parseMemory(value: string): number | undefined {
  const m = /^(\d+)([a-z]*)$/i.exec(value.trim());
  const unit = m ? MEMORY_UNITS[m[2]!.toLowerCase()] : undefined;
  if (!m || unit === undefined) return undefined;
  return Number(m[1]) * unit;
}

interface Param {
  get(): string;
  /** Validates and returns an apply function, or throws the reason text. */
  check(value: string): () => void;
}

const fail = (reason: string): never => {
  throw new Error(reason);
};

/** The CONFIG parameters of one embedded server. */
export class ConfigStore {
  #params = new Map<string, Param>();
  #plain = new Map<string, string>();

  constructor(budget: MemoryBudget) {
    const int = (name: string, min: number, max: number, initial: number, apply?: (n: number) => void) => {
      this.#plain.set(name, String(initial));
      this.#params.set(name, {
        get: () => this.#plain.get(name)!,
        check: (v) => {
          const n = /^-?\d+$/.test(v) ? Number(v) : NaN;
          if (Number.isNaN(n)) fail("argument couldn't be parsed into an integer");
          if (n < min || n > max) fail(`argument must be between ${min} and ${max} inclusive`);
          return () => {
            this.#plain.set(name, String(n));
            apply?.(n);
          };
        },
      });
    };
    const choice = (name: string, options: readonly string[], initial: string) => {
      this.#plain.set(name, initial);
      this.#params.set(name, {
        get: () => this.#plain.get(name)!,
        check: (v) =>
          options.includes(v.toLowerCase())
            ? () => void this.#plain.set(name, v.toLowerCase())
            : fail(`argument must be ${options.map((o) => `'${o}'`).join(' or ')}`),
      });
    };
    const plain = (name: string, initial: string, immutable = false) => {
      this.#plain.set(name, initial);
      this.#params.set(name, {
        get: () => this.#plain.get(name)!,
        check: (v) => (immutable ? fail("can't set immutable config") : () => void this.#plain.set(name, v)),
      });
    };
    this.#params.set('maxmemory', {
      get: () => String(budget.config.maxmemory),
      check: (v) => {
        const n = parseMemory(v);
        return n === undefined ? fail('argument must be a memory value') : () => budget.configure({ maxmemory: n });
      },
    });
    this.#params.set('maxmemory-policy', {
      get: () => budget.config.policy,
      check: (v) => {
        const p = v.toLowerCase();
        return isEvictionPolicy(p) ? () => budget.configure({ policy: p }) : fail(`argument(s) must be one of the following: ${EVICTION_POLICIES.join(', ')}`);
      },
    });
    int('maxmemory-samples', 1, INT_MAX, budget.config.samples, (n) => budget.configure({ samples: n }));
    int('maxmemory-eviction-tenacity', 0, 100, 10);
    plain('maxmemory-clients', '0');
    int('lfu-log-factor', 0, INT_MAX, budget.config.lfuLogFactor, (n) => budget.configure({ lfuLogFactor: n }));
    int('lfu-decay-time', 0, INT_MAX, budget.config.lfuDecayTime, (n) => budget.configure({ lfuDecayTime: n }));
    int('hz', 0, INT_MAX, 10);
    int('timeout', 0, INT_MAX, 0);
    int('maxclients', 1, INT_MAX, 10_000);
    int('databases', 1, INT_MAX, 16);
    this.#params.get('databases')!.check = () => fail("can't set immutable config");
    plain('notify-keyspace-events', '');
    plain('save', '');
    choice('appendonly', ['yes', 'no'], 'no');
    choice('activerehashing', ['yes', 'no'], 'yes');
    choice('lazyfree-lazy-eviction', ['yes', 'no'], 'no');
    plain('bind', '127.0.0.1', true);
  }

  /** CONFIG GET pattern [pattern …]: name/value pairs of every parameter matching a glob. */
  get(patterns: string[]): string[] {
    const out: string[] = [];
    for (const [name, param] of this.#params) {
      if (patterns.some((p) => globMatch(p.toLowerCase(), name))) out.push(name, param.get());
    }
    return out;
  }

  /** CONFIG SET name value [name value …], all or nothing, with Redis's error texts. */
  set(pairs: string[]): void {
    if (pairs.length === 0 || pairs.length % 2 !== 0)
      throw new ReplyError(pairs.length === 0 ? "ERR wrong number of arguments for 'config|set' command" : 'ERR syntax error');
    const applies: (() => void)[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < pairs.length; i += 2) {
      const name = pairs[i]!.toLowerCase();
      const param = this.#params.get(name);
      if (!param) throw new ReplyError(`ERR Unknown option or number of arguments for CONFIG SET - '${pairs[i]}'`);
      if (seen.has(name)) throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${name}') - duplicate parameter`);
      seen.add(name);
      try {
        applies.push(param.check(pairs[i + 1]!));
      } catch (error) {
        throw new ReplyError(`ERR CONFIG SET failed (possibly related to argument '${name}') - ${(error as Error).message}`);
      }
    }
    for (const apply of applies) apply();
  }
}

const SPECIAL = /[.*+?^${}()|[\]\\/]/g;

/** Redis's glob matching for CONFIG GET and KEYS patterns (*, ?, [abc], [^a], \x). */
function globMatch(pattern: string, subject: string): boolean {
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${pattern
          .slice(i + 1, end)
          .replace(/^\^/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) re += pattern[++i]!.replace(SPECIAL, '\\$&');
    else re += c.replace(SPECIAL, '\\$&');
  }
  return new RegExp(`${re}$`, 's').test(subject);
}
