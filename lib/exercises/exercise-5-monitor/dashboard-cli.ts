/**
 * Writes the dashboard of your monitor on the load check's live run:
 *   npx tsx lib/exercises/exercise-5-monitor/dashboard-cli.ts [--dir exercises/exercise-5-monitor] [--out out/exercise-5-dashboard.html] [--backend embedded|real]
 * The live run reads a cache through the collector, flushes it, hammers one key and fills its
 * memory while your monitor collects; the page shows what it saw, the alerts and recommendations.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Command, Option } from 'commander';
import { check, loadImplementation, runLive } from './check.js';
import { KIT_ROOT } from '../../manifest.js';
import { renderDashboard } from './dashboard.js';

const program = new Command('dashboard')
  .description('Render the exercise 5 dashboard of a monitor on the live run.')
  .option('--dir <folder>', 'folder with monitor.ts, alert-rule.ts, info-parser.ts', path.join(KIT_ROOT, 'exercises', 'exercise-5-monitor'))
  .option('--out <file>', 'HTML file to write', path.join(KIT_ROOT, 'out', 'exercise-5-dashboard.html'))
  .addOption(new Option('--backend <kind>', 'embedded cache (virtual time) or a private redis-server').choices(['embedded', 'real']).default('embedded'));
program.parse();
const o = program.opts<{ dir: string; out: string; backend: 'embedded' | 'real' }>();

try {
  const impl = await loadImplementation(path.resolve(o.dir));
  const live = await runLive(impl, { ...check.visible, backend: o.backend });
  if (live.errors.length > 0) console.error(`note: your monitor threw during the run: ${live.errors[0]}`);
  const html = renderDashboard({
    title: 'Exercise 5 — cache performance monitor, live run',
    subtitle: `${o.backend === 'embedded' ? 'embedded cache, virtual time' : 'private redis-server, time compressed 50×'}; monitor from ${path.relative(process.cwd(), path.resolve(o.dir)) || '.'}; ${live.detected} of ${live.required} caused incidents alerted on in time, ${live.falseAlarms} false alarms`,
    samples: live.samples,
    events: live.events,
    recommendations: live.recommendations,
    incidents: live.incidents,
    startedAt: live.startedAt,
  });
  mkdirSync(path.dirname(path.resolve(o.out)), { recursive: true });
  writeFileSync(o.out, html);
  console.log(`wrote ${o.out} (${live.samples.length} samples, ${live.events.length} alert events)`);
} catch (error) {
  console.error(`dashboard: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
