#!/usr/bin/env node
// Checks the OpenAPI document with a real validator (SwaggerParser: the OpenAPI 3.1 meta-schema
// and $ref resolution), then the rules in house-rules.mjs (the spec's semantic rules SwaggerParser
// skips for 3.x, such as declared path parameters and unique operationIds, and ours), then that
// docs/openapi.json is exactly what to-json.mjs makes from the YAML.
//
//   node tools/openapi/validate.mjs [--file PATH] [--routes OUT] [--print-routes]
//
//   --file PATH      validate another YAML instead of docs/openapi.yaml (skips the JSON check,
//                    which is only about the committed document)
//   --routes OUT     write the documented routes, one "METHOD PATH" a line, sorted, to OUT
//   --print-routes   print that list on stdout
//
// Exit status 0 when everything holds, 1 with the reason on stderr otherwise.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { checkHouseRules } from './house-rules.mjs';
import {
  exitWithError, importDevDependency, jsonPath, loadYamlDocument, renderJson, repoRoot, yamlPath,
} from './document.mjs';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const usage = 'usage: validate.mjs [--file PATH] [--routes OUT] [--print-routes]';

function parseArguments(argv) {
  const options = { file: null, routesOut: null, printRoutes: false };
  for (let i = 0; i < argv.length; ++i) {
    const argument = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argument} needs a value; ${usage}`);
      return argv[++i];
    };
    if (argument === '--file') options.file = path.resolve(value());
    else if (argument === '--routes') options.routesOut = path.resolve(value());
    else if (argument === '--print-routes') options.printRoutes = true;
    else throw new Error(`unknown argument "${argument}"; ${usage}`);
  }
  return options;
}

// "GET /api/v1/agents/{id}" for every operation, sorted by code unit (= byte order for the ASCII
// paths we use), so the C++ side can compare it with the router line by line.
export function documentedRoutes(document) {
  const routes = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      if (item[method]) routes.push(`${method.toUpperCase()} ${route}`);
    }
  }
  return routes.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function checkJsonIsFresh(document) {
  const expected = renderJson(document);
  let actual;
  try {
    actual = await readFile(jsonPath, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') {
      throw new Error(`${path.relative(repoRoot, jsonPath)} is missing: run \`./dev openapi\``);
    }
    throw error;
  }
  if (actual !== expected) {
    throw new Error(`${path.relative(repoRoot, jsonPath)} is stale: run \`./dev openapi\``);
  }
}

try {
  const options = parseArguments(process.argv.slice(2));
  const file = options.file ?? yamlPath;
  const { default: SwaggerParser } = await importDevDependency('@apidevtools/swagger-parser');

  // Validate a copy we parsed ourselves: the same bytes the JSON is generated from, and
  // SwaggerParser dereferences its argument in place.
  const document = await loadYamlDocument(file);
  let dereferenced;
  try {
    dereferenced = await SwaggerParser.validate(structuredClone(document));
  } catch (error) {
    throw new Error(`${file} is not a valid OpenAPI document: ${error.message}`);
  }
  const violations = checkHouseRules(dereferenced);
  if (violations.length > 0) {
    throw new Error(`${file} breaks the house rules:\n  - ${violations.join('\n  - ')}`);
  }
  if (!options.file) await checkJsonIsFresh(document);

  const routes = documentedRoutes(document);
  const listing = routes.map((route) => `${route}\n`).join('');
  if (options.routesOut) await writeFile(options.routesOut, listing);
  if (options.printRoutes) process.stdout.write(listing);
  else process.stdout.write(`${path.relative(repoRoot, file) || file}: valid OpenAPI ${document.openapi}, ${routes.length} routes\n`);
} catch (error) {
  exitWithError(error);
}
