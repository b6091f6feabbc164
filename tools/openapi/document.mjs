// Shared by to-json.mjs and validate.mjs: how docs/openapi.yaml becomes docs/openapi.json, so the
// generator and the staleness check can never disagree about the expected bytes.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const yamlPath = path.join(repoRoot, 'docs', 'openapi.yaml');
export const jsonPath = path.join(repoRoot, 'docs', 'openapi.json');

// Static imports of packages would die with a bare ERR_MODULE_NOT_FOUND stack when `npm ci` has
// not run; this turns that into an instruction.
export async function importDevDependency(name) {
  try {
    return await import(name);
  } catch (error) {
    if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        `the npm package "${name}" is not installed in ${path.join(repoRoot, 'node_modules')}; ` +
          'run `./dev deps` (or `npm ci` in the repository root) and try again');
    }
    throw error;
  }
}

// YAML → plain JSON value. The core schema keeps timestamps and the like as strings, so the JSON
// holds exactly the scalars written in the YAML.
export async function loadYamlDocument(file) {
  const yaml = await importDevDependency('js-yaml');
  const text = await readFile(file, 'utf8');
  try {
    return yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file });
  } catch (error) {
    throw new Error(`${file} is not valid YAML: ${error.message}`);
  }
}

// Key order follows the YAML, so the output is deterministic for a given input.
export function renderJson(document) {
  return JSON.stringify(document, null, 2) + '\n';
}

// Reports an Error as "openapi: <message>" and exits 1; used by every script's top level.
export function exitWithError(error) {
  process.stderr.write(`openapi: ${error && error.message ? error.message : String(error)}\n`);
  process.exit(1);
}
