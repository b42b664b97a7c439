/**
 * `npm run hint exercise-N [topic]`: prints the next hint tier (nudge → approach → near-answer) of
 * a topic, or with no topic of the first topic not fully shown, and remembers what it showed in
 * `.cachelab/hints-used.json`. `--list` lists the topics and the tiers seen; `--reset` forgets them.
 * Exit code: 0 a hint or list printed, 2 a usage problem (unknown exercise or topic).
 */
import { Command, CommanderError } from 'commander';
import { findTopic, HintsFileError, loadHints, readUsed, TIERS, writeUsed, type HintsFile } from '../lib/hints.js';
import { findExercise, KIT_ROOT } from '../lib/manifest.js';

const TIER_NAME: Record<string, string> = { nudge: 'the nudge', approach: 'the approach', 'near-answer': 'the near-answer' };

function topicList(exercise: number, hints: HintsFile, seen: Record<string, number>): string {
  return hints.topics.map((t) => `  npm run hint exercise-${exercise} ${t.id.padEnd(32)} ${seen[t.id] ?? 0} of ${TIERS.length} seen`).join('\n');
}

function main(argv: string[]): number {
  const program = new Command('npm run hint')
    .description('Prints the next hint tier (nudge, approach, near-answer) of an exercise topic.')
    .argument('<exercise>', 'exercise number, exercise-N or folder name')
    .argument('[topic]', 'a method or class (what a failing test names); default: the first topic not fully shown')
    .option('--list', 'list the topics and how many tiers you have seen', false)
    .option('--reset', 'forget which tiers you have seen for this exercise', false)
    .exitOverride();
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  const [ref, query] = program.args as [string, string | undefined];
  const opts = program.opts<{ list: boolean; reset: boolean }>();
  // `npm run hint exercise-3 --list` hands --list to npm (as npm_config_list), not to us.
  for (const flag of ['list', 'reset'] as const)
    if (process.env.npm_lifecycle_event === 'hint' && process.env[`npm_config_${flag}`] !== undefined) opts[flag] = true;
  let entry;
  let hints: HintsFile;
  try {
    entry = findExercise(ref);
    hints = loadHints(KIT_ROOT, entry);
  } catch (error) {
    console.error(`hint: ${(error as Error).message}`);
    return error instanceof HintsFileError ? 1 : 2;
  }
  const used = readUsed(KIT_ROOT);
  const seen = (used[entry.slug] ??= {});
  if (opts.reset) {
    delete used[entry.slug];
    writeUsed(KIT_ROOT, used);
    console.log(`Forgot the hints you saw for ${entry.slug}.`);
    return 0;
  }
  if (opts.list) {
    console.log(`Hints for ${entry.slug}:\n${topicList(entry.id, hints, seen)}`);
    return 0;
  }
  const topic = query === undefined ? hints.topics.find((t) => (seen[t.id] ?? 0) < TIERS.length) : findTopic(hints, query);
  if (!topic) {
    if (query !== undefined) {
      console.error(`hint: ${entry.slug} has no hint for "${query}". Ask for one of these:\n${topicList(entry.id, hints, seen)}`);
      return 2;
    }
    console.log(`You have seen every hint of ${entry.slug}. Ask for one again with its topic:\n${topicList(entry.id, hints, seen)}`);
    return 0;
  }
  const before = seen[topic.id] ?? 0;
  const index = Math.min(before, TIERS.length - 1);
  const tier = topic.tiers[index]!;
  seen[topic.id] = Math.max(before, index + 1);
  writeUsed(KIT_ROOT, used);
  const again = before >= TIERS.length ? ', shown before' : '';
  const next = TIERS[index + 1];
  // One write: a reader that stops early (| head) gets a whole hint or nothing.
  console.log(
    [
      `${entry.slug}, ${topic.title}: hint ${index + 1} of ${TIERS.length}, ${TIER_NAME[tier.tier]}${again}`,
      '',
      tier.text.trimEnd(),
      '',
      next ? `Still stuck? \`npm run hint exercise-${entry.id} ${topic.id}\` gives ${TIER_NAME[next]}.` : `That was the last tier for ${topic.title}.`,
    ].join('\n'),
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
