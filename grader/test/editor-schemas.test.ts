/**
 * The JSON Schemas in grader/schemas/ are what the zod schemas generate (run `npm run schemas` after
 * changing grader/src/rubric.ts or overrides.ts), and the shipped files name them and pass them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KIT_ROOT } from '../../lib/manifest.js';
import { editorSchemas } from '../src/editor-schemas.js';

describe('editor schemas', () => {
  for (const { file, text } of editorSchemas()) {
    it(`${file} is what the zod schema generates (npm run schemas rewrites it)`, () => {
      expect(readFileSync(path.join(KIT_ROOT, file), 'utf8')).toBe(text);
    });
  }

  it.each([
    ['grader/rubric.json', './schemas/rubric.schema.json'],
    ['grader/overrides.example.json', './schemas/overrides.schema.json'],
  ])('%s names its schema in "$schema"', (file, schema) => {
    const json = JSON.parse(readFileSync(path.join(KIT_ROOT, file), 'utf8')) as { $schema?: string };
    expect(json.$schema).toBe(schema);
    expect(readFileSync(path.resolve(KIT_ROOT, path.dirname(file), schema), 'utf8')).toContain('"$schema"');
  });
});
