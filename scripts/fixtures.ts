/**
 * `npm run fixtures`: generates the airport data set and writes fixtures/generated/airport.sql
 * (for MySQL's docker-entrypoint-initdb.d) and airport.json (for the embedded store), refreshes
 * the committed fixtures/schema.sql and fixtures/airport-sample.json, and with `--load` loads the
 * data into DATABASE_URL (skipped when the `fixture_meta` marker says it is already there).
 */
import { mkdirSync, openSync, readSync, closeSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { AIRPORT_DATA_DEFAULTS, generateAirportData } from '../lib/backends/source/airport/generate.js';
import { airportCounts, airportDataHash } from '../lib/backends/source/airport/sql.js';
import { schemaSql } from '../lib/backends/source/airport/schema.js';
import { airportJson, airportSample, FIXTURES_DIR, GENERATED_DIR, writeAirportSql } from '../lib/backends/source/airport/files.js';
import { loadAirport } from '../lib/backends/source/airport/load.js';
import { parseDatabaseUrl } from '../lib/backends/source/database-url.js';
import { databaseUrl, DEFAULT_DATABASE_URL } from '../lib/config.js';

const fmt = (n: number): string => n.toLocaleString('en-US');
const secs = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a positive integer.');
  return n;
}

/** The data hash a generated file was written with (read from its first bytes), if any. */
function hashInFile(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(400);
    const n = readSync(fd, head, 0, head.length, 0);
    return /(?:data hash |"hash":")([0-9a-f]{64})/.exec(head.subarray(0, n).toString('utf8'))?.[1];
  } finally {
    closeSync(fd);
  }
}

/** Writes `text` to `file` unless it already holds exactly that; says which. */
function writeIfChanged(file: string, text: string): string {
  if (existsSync(file) && readFileSync(file, 'utf8') === text) return 'up to date';
  writeFileSync(file, text);
  return 'written';
}

/** A progress printer that prints at most every `step` percent. */
function progress(label: string, step = 20): (done: number, total: number) => void {
  let next = step;
  return (done, total) => {
    const pct = total === 0 ? 100 : Math.floor((done / total) * 100);
    if (pct >= next || done === total) {
      console.log(`  ${label} ${String(pct).padStart(3)}% (${fmt(done)}/${fmt(total)})`);
      next = (Math.floor(pct / step) + 1) * step;
    }
  };
}

async function main(): Promise<void> {
  const program = new Command('fixtures')
    .description('Generate the airport fixtures and optionally load them into MySQL/MariaDB.')
    .option('--load', 'load the data into DATABASE_URL (skipped when already loaded)')
    .option('--force', 'with --load: reload even when the marker says the data is there')
    .option('--database-url <url>', `where to load (default: env DATABASE_URL, else ${DEFAULT_DATABASE_URL})`)
    .option('--out <dir>', 'folder for the generated files', GENERATED_DIR)
    .option('--passengers <n>', 'passengers to generate (committed sample only for the default)', positiveInt)
    .option('--flights <n>', 'flights to generate', positiveInt)
    .showHelpAfterError();
  program.parse();
  const opts = program.opts<{ load?: boolean; force?: boolean; databaseUrl?: string; out: string; passengers?: number; flights?: number }>();

  let t = performance.now();
  const options = {
    ...(opts.passengers === undefined ? {} : { passengers: opts.passengers }),
    ...(opts.flights === undefined ? {} : { flights: opts.flights }),
  };
  const data = generateAirportData(options);
  const counts = airportCounts(data);
  const hash = airportDataHash(data);
  console.log(
    `fixtures: generated ${fmt(counts.passengers)} passengers, ${fmt(counts.flights)} flights, ` +
      `${fmt(counts.bookings)} bookings in ${secs(performance.now() - t)} (data hash ${hash.slice(0, 12)}…)`,
  );

  console.log(
    `fixtures: ${path.relative(process.cwd(), path.join(FIXTURES_DIR, 'schema.sql'))} ${writeIfChanged(path.join(FIXTURES_DIR, 'schema.sql'), schemaSql())}`,
  );
  const isDefault = JSON.stringify(data.options) === JSON.stringify(AIRPORT_DATA_DEFAULTS);
  if (isDefault) {
    const sampleFile = path.join(FIXTURES_DIR, 'airport-sample.json');
    console.log(
      `fixtures: ${path.relative(process.cwd(), sampleFile)} ${writeIfChanged(sampleFile, `${JSON.stringify(airportSample(data, hash), null, 1)}\n`)}`,
    );
  }

  const out = path.resolve(opts.out);
  mkdirSync(out, { recursive: true });
  const sqlFile = path.join(out, 'airport.sql');
  const jsonFile = path.join(out, 'airport.json');
  if (hashInFile(sqlFile) === hash && hashInFile(jsonFile) === hash) {
    console.log(`fixtures: ${path.relative(process.cwd(), out)}/airport.{sql,json} up to date`);
  } else {
    t = performance.now();
    console.log(`fixtures: writing ${path.relative(process.cwd(), sqlFile)}`);
    await writeAirportSql(data, hash, sqlFile, progress('airport.sql'));
    writeFileSync(jsonFile, airportJson(data, hash));
    console.log(`fixtures: wrote airport.sql and airport.json in ${secs(performance.now() - t)}`);
  }

  if (opts.load) {
    const [url, variable] = opts.databaseUrl ? [opts.databaseUrl, '--database-url'] : [databaseUrl(process.env, { blank: 'unset' }).value, 'DATABASE_URL'];
    const settings = parseDatabaseUrl(url, variable);
    console.log(`fixtures: loading into ${settings.display}`);
    const tables = new Map<string, (done: number, total: number) => void>();
    const report = await loadAirport(settings, data, hash, {
      force: opts.force,
      onProgress: (b) => {
        if (!tables.has(b.table)) tables.set(b.table, progress(`${b.table.padEnd(9)}`, 25));
        tables.get(b.table)!(b.done, b.total);
      },
    });
    if (report.loaded) console.log(`fixtures: loaded (was ${report.before}) in ${secs(report.ms)}`);
    else console.log(`fixtures: already loaded (marker ${hash.slice(0, 12)}…, row counts match); skipped in ${secs(report.ms)}. Use --force to reload.`);
  }
}

main().catch((error: unknown) => {
  const e = error as { message?: string; code?: string };
  console.error(`fixtures: ${e?.message ?? String(error)}${e?.code?.startsWith('E_') ? ` [${e.code}]` : ''}`);
  process.exit(1);
});
