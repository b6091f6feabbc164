#!/usr/bin/env node
// Proves the validator can fail: runs tools/openapi/validate.mjs on every broken fixture in
// fixtures/ and requires exit status 1 with the message named by the fixture's "# expect:" line.
// Checking the message (not just the status) keeps this from passing when the validator cannot
// even start, e.g. because node_modules is missing.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const validator = path.resolve(here, '..', '..', 'tools', 'openapi', 'validate.mjs');
const fixtures = path.join(here, 'fixtures');

const failures = [];
const files = readdirSync(fixtures).filter((name) => name.endsWith('.yaml')).sort();
if (files.length === 0) failures.push(`no *.yaml fixtures in ${fixtures}`);
for (const name of files) {
  const file = path.join(fixtures, name);
  const expected = /^# expect: (.+)$/m.exec(readFileSync(file, 'utf8'))?.[1];
  if (!expected) {
    failures.push(`${name}: add a "# expect: <part of the error message>" line`);
    continue;
  }
  const run = spawnSync(process.execPath, [validator, '--file', file], { encoding: 'utf8' });
  if (run.status === 1 && run.stderr.includes(expected)) {
    process.stdout.write(`ok: ${name} rejected with "${expected}"\n`);
  } else {
    failures.push(`${name}: expected exit status 1 and "${expected}" on stderr, ` +
      `got status ${run.status} with stderr:\n${run.stderr}${run.stdout}`);
  }
}
if (failures.length > 0) {
  process.stderr.write(`FAILED:\n${failures.join('\n')}\n`);
  process.exit(1);
}
