/** `npm run schemas`: writes the JSON Schemas of the rubric and the overrides to grader/schemas/. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { editorSchemas } from '../grader/src/editor-schemas.js';
import { KIT_ROOT } from '../lib/manifest.js';

for (const { file, text } of editorSchemas()) {
  mkdirSync(path.dirname(path.join(KIT_ROOT, file)), { recursive: true });
  writeFileSync(path.join(KIT_ROOT, file), text);
  console.log(`wrote ${file}`);
}
