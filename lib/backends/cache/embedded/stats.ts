/**
 * The server-side statistics INFO reports: commands processed (per command, with failed and
 * rejected calls), keyspace hits and misses, error replies by code, connections received, and
 * instantaneous ops/sec computed as Redis does (16 samples, one per 100 ms of clock time).
 */

/** Calls of one command, as INFO commandstats prints them. */
export interface CommandStat {
  calls: number;
  failed: number;
  rejected: number;
}

const SAMPLE_MS = 100;
const SAMPLES = 16;

/** Counters of one embedded server; `reset()` is CONFIG RESETSTAT. */
export class ServerStats {
  totalCommands = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  connectionsReceived = 0;
  /** Distinct commands that ran at least once (Redis keeps a latency histogram for each). */
  trackedCommands = 0;
  readonly commands = new Map<string, CommandStat>();
  readonly errors = new Map<string, number>();
  #buckets = new Map<number, number>();

  #stat(name: string): CommandStat {
    let stat = this.commands.get(name);
    if (!stat) {
      stat = { calls: 0, failed: 0, rejected: 0 };
      this.commands.set(name, stat);
    }
    return stat;
  }

  /** A command ran (successfully or with an error reply). */
  executed(name: string, now: number, failed: boolean): void {
    const stat = this.#stat(name);
    if (stat.calls === 0) this.trackedCommands += 1;
    stat.calls += 1;
    if (failed) stat.failed += 1;
    this.totalCommands += 1;
    const bucket = Math.floor(now / SAMPLE_MS);
    this.#buckets.set(bucket, (this.#buckets.get(bucket) ?? 0) + 1);
    if (this.#buckets.size > SAMPLES * 2) {
      for (const b of this.#buckets.keys()) if (b < bucket - SAMPLES) this.#buckets.delete(b);
    }
  }

  /** A command was refused before running (unknown, wrong arity, OOM). */
  rejected(name: string): void {
    this.#stat(name).rejected += 1;
  }

  /** An error reply with `message` was sent; counted by its code (the first word). */
  errorReply(message: string): void {
    const code = /^[A-Z][A-Z0-9_-]*\b/.exec(message)?.[0] ?? 'ERR';
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  /** Commands per second over the last 16 complete 100 ms samples. */
  opsPerSec(now: number): number {
    const current = Math.floor(now / SAMPLE_MS);
    let sum = 0;
    for (let b = current - SAMPLES; b < current; b++) sum += this.#buckets.get(b) ?? 0;
    return Math.round(sum / ((SAMPLES * SAMPLE_MS) / 1000));
  }

  /** Total error replies. */
  get errorReplies(): number {
    let n = 0;
    for (const count of this.errors.values()) n += count;
    return n;
  }

  /** CONFIG RESETSTAT. */
  reset(): void {
    this.totalCommands = 0;
    this.keyspaceHits = 0;
    this.keyspaceMisses = 0;
    this.connectionsReceived = 0;
    this.trackedCommands = 0;
    this.commands.clear();
    this.errors.clear();
    this.#buckets.clear();
  }
}
