#!/usr/bin/env node
// Regenerates docs/openapi.json from docs/openapi.yaml (run through `./dev openapi`). The JSON is
// committed because the host serves it at GET /api/v1/openapi.json without a YAML parser.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { exitWithError, jsonPath, loadYamlDocument, renderJson, repoRoot, yamlPath } from './document.mjs';

try {
  const document = await loadYamlDocument(yamlPath);
  await writeFile(jsonPath, renderJson(document));
  process.stdout.write(`wrote ${path.relative(repoRoot, jsonPath)}\n`);
} catch (error) {
  exitWithError(error);
}
