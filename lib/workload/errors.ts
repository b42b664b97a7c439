/**
 * Option checks shared by the trace generators: every bad option fails with an error that names
 * the generator, the option, the value it got and what it accepts.
 */

/** Thrown when a trace generator gets an option it cannot use. */
export class WorkloadOptionError extends Error {
  readonly code = 'E_WORKLOAD_OPTION';
  constructor(
    readonly generator: string,
    readonly option: string,
    readonly value: unknown,
    expected: string,
    message?: string,
  ) {
    super(message ?? `${generator}: option "${option}" must be ${expected}, got ${show(value)}`);
  }
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value == null) return String(value);
  try {
    return JSON.stringify(value);
  } catch {
    // eslint-disable-next-line @typescript-eslint/no-base-to-string -- a value JSON cannot write (a cycle, a BigInt inside) reads as String() shows it, '[object Object]' at worst
    return String(value);
  }
}

/** Validates options of one generator; each method returns the checked value. */
export class OptionChecker {
  constructor(readonly generator: string) {}

  /** An integer in [min, max]. */
  int(option: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `in [${min}, ${max}]`;
      throw new WorkloadOptionError(this.generator, option, value, `an integer ${range}`);
    }
    return value;
  }

  /** A finite number in [min, max] (bounds inclusive unless `open` says otherwise). */
  num(option: string, value: unknown, min: number, max: number, open: { min?: boolean; max?: boolean } = {}): number {
    const tooLow = typeof value === 'number' && (open.min ? value <= min : value < min);
    const tooHigh = typeof value === 'number' && (open.max ? value >= max : value > max);
    if (typeof value !== 'number' || !Number.isFinite(value) || tooLow || tooHigh) {
      const lo = open.min ? '(' : '[';
      const hi = open.max ? ')' : ']';
      const top = Number.isFinite(max) ? String(max) : '∞';
      throw new WorkloadOptionError(this.generator, option, value, `a number in ${lo}${min}, ${top}${hi}`);
    }
    return value;
  }

  /** A numeric or string seed. */
  seed(option: string, value: unknown): number | string {
    if ((typeof value === 'number' && Number.isInteger(value)) || (typeof value === 'string' && value !== '')) {
      return value;
    }
    throw new WorkloadOptionError(this.generator, option, value, 'an integer or a non-empty string');
  }

  /** One of the listed strings. */
  oneOf<T extends string>(option: string, value: unknown, allowed: readonly T[]): T {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    throw new WorkloadOptionError(this.generator, option, value, `one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  }

  /** Rejects options the generator does not know (a typo would otherwise be silently ignored). */
  known(options: object, allowed: readonly string[]): void {
    for (const name of Object.keys(options)) {
      if (!allowed.includes(name)) {
        const value = (options as Record<string, unknown>)[name];
        throw new WorkloadOptionError(
          this.generator,
          name,
          value,
          'a known option',
          `${this.generator}: unknown option "${name}"; check the spelling (known options: ${allowed.join(', ')})`,
        );
      }
    }
  }

  /** Throws for `option` with a custom expectation. */
  fail(option: string, value: unknown, expected: string): never {
    throw new WorkloadOptionError(this.generator, option, value, expected);
  }
}
