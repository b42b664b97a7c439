/**
 * The JSON Schemas in grader/schemas/, generated from the zod schemas the grader validates with
 * (`npm run schemas` writes them; grader/test/editor-schemas.test.ts fails when they drift).
 * grader/rubric.json and grader/overrides.example.json name theirs in `"$schema"`, so an editor
 * flags a bad field as the instructor types it.
 */
import path from 'node:path';
import { toEditorSchema } from './file-schema.js';
import { OVERRIDES_SCHEMA } from './overrides.js';
import { rubricSchema } from './rubric.js';

/** Where the schemas live, relative to the kit root. */
const SCHEMAS_DIR = path.join('grader', 'schemas');

/** Each published schema: its path from the kit root and its text as generated. */
export function editorSchemas(): { file: string; text: string }[] {
  const schemas = [
    {
      name: 'rubric.schema.json',
      schema: toEditorSchema(rubricSchema(), 'Cache Performance Lab rubric'),
    },
    {
      name: 'overrides.schema.json',
      schema: toEditorSchema(OVERRIDES_SCHEMA, 'Cache Performance Lab overrides'),
    },
  ];
  return schemas.map(({ name, schema }) => ({ file: path.join(SCHEMAS_DIR, name), text: `${JSON.stringify(schema, null, 2)}\n` }));
}
