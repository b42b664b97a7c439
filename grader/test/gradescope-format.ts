/**
 * Gradescope's results.json format as its autograder specification documents it
 * (gradescope-autograders.readthedocs.io/en/latest/specs/, "Output format"), as a checker that
 * lists every departure: unknown keys, wrong types, visibility or status values outside the
 * documented ones, and no score anywhere.
 */

const VISIBILITY = ['hidden', 'after_due_date', 'after_published', 'visible'];
const FORMATS = ['text', 'html', 'simple_format', 'md', 'ansi'];
const TOP_KEYS = [
  'score',
  'execution_time',
  'output',
  'output_format',
  'test_output_format',
  'test_name_format',
  'visibility',
  'stdout_visibility',
  'extra_data',
  'tests',
  'leaderboard',
];
const TEST_KEYS = ['score', 'max_score', 'status', 'name', 'name_format', 'number', 'output', 'output_format', 'tags', 'visibility', 'extra_data'];
const BOARD_KEYS = ['name', 'value', 'order'];

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function checkKeys(where: string, value: Json, allowed: string[], problems: string[]): void {
  for (const key of Object.keys(value)) if (!allowed.includes(key)) problems.push(`${where}: unknown key ${key}`);
}

function checkOptional(where: string, value: Json, key: string, ok: (v: unknown) => boolean, what: string, problems: string[]): void {
  if (key in value && !ok(value[key])) problems.push(`${where}.${key}: ${JSON.stringify(value[key])} is not ${what}`);
}

/** Every way `json` departs from the documented results.json format (empty when it conforms). */
export function gradescopeFormatProblems(json: unknown): string[] {
  const problems: string[] = [];
  if (!isObject(json)) return ['results.json is not a JSON object'];
  checkKeys('results', json, TOP_KEYS, problems);
  checkOptional('results', json, 'score', isNumber, 'a number', problems);
  checkOptional('results', json, 'execution_time', isNumber, 'a number of seconds', problems);
  checkOptional('results', json, 'output', (v) => typeof v === 'string', 'a string', problems);
  for (const key of ['output_format', 'test_output_format', 'test_name_format'])
    checkOptional('results', json, key, (v) => FORMATS.includes(v as string), `one of ${FORMATS.join(', ')}`, problems);
  for (const key of ['visibility', 'stdout_visibility'])
    checkOptional('results', json, key, (v) => VISIBILITY.includes(v as string), `one of ${VISIBILITY.join(', ')}`, problems);
  checkOptional('results', json, 'extra_data', isObject, 'an object', problems);
  const tests = json.tests;
  if (tests !== undefined && !Array.isArray(tests)) problems.push('results.tests is not an array');
  const list = Array.isArray(tests) ? tests : [];
  list.forEach((t: unknown, i) => {
    const where = `tests[${i}]`;
    if (!isObject(t)) return void problems.push(`${where} is not an object`);
    checkKeys(where, t, TEST_KEYS, problems);
    for (const key of ['score', 'max_score']) checkOptional(where, t, key, isNumber, 'a number', problems);
    checkOptional(where, t, 'status', (v) => v === 'passed' || v === 'failed', 'passed or failed', problems);
    for (const key of ['name', 'number', 'output']) checkOptional(where, t, key, (v) => typeof v === 'string', 'a string', problems);
    for (const key of ['name_format', 'output_format'])
      checkOptional(where, t, key, (v) => FORMATS.includes(v as string), `one of ${FORMATS.join(', ')}`, problems);
    checkOptional(where, t, 'tags', (v) => Array.isArray(v) && v.every((x) => typeof x === 'string'), 'an array of strings', problems);
    checkOptional(where, t, 'visibility', (v) => VISIBILITY.includes(v as string), `one of ${VISIBILITY.join(', ')}`, problems);
    checkOptional(where, t, 'extra_data', isObject, 'an object', problems);
  });
  // "score: optional, but required if not on each test case below".
  if (!('score' in json) && (list.length === 0 || !list.every((t) => isObject(t) && 'score' in t)))
    problems.push('no top-level score and not every test has one');
  const board = json.leaderboard;
  if (board !== undefined) {
    if (!Array.isArray(board)) problems.push('results.leaderboard is not an array');
    else
      board.forEach((b: unknown, i) => {
        const where = `leaderboard[${i}]`;
        if (!isObject(b)) return void problems.push(`${where} is not an object`);
        checkKeys(where, b, BOARD_KEYS, problems);
        if (typeof b.name !== 'string') problems.push(`${where}.name is missing or not a string`);
        if (!isNumber(b.value) && typeof b.value !== 'string') problems.push(`${where}.value is missing or neither a number nor a string`);
        checkOptional(where, b, 'order', (v) => v === 'asc' || v === 'desc', 'asc or desc', problems);
      });
  }
  return problems;
}
