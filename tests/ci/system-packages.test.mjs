// tests/ci/system-packages.sh picks packages by what apt offers. Here apt-cache is a stub on
// PATH that offers a given list, like the releases the tests run on (the real releases are
// checked with tests/ci/check-debian-release.sh).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'system-packages.sh');

// `apt-cache policy PKG` and `apt-cache pkgnames PREFIX`, answered from $OFFERED
// (installable packages) and $VIRTUAL (names apt knows with no candidate).
const STUB = `#!/usr/bin/env bash
case "$1" in
  policy)
    for p in $OFFERED; do [ "$p" = "$2" ] && { printf '%s:\\n  Installed: (none)\\n  Candidate: 1.0\\n' "$2"; exit 0; }; done
    for p in $VIRTUAL; do [ "$p" = "$2" ] && { printf '%s:\\n  Installed: (none)\\n  Candidate: (none)\\n' "$2"; exit 0; }; done ;;
  pkgnames)
    for p in $OFFERED $VIRTUAL; do case "$p" in "$2"*) echo "$p" ;; esac; done ;;
esac
`;

/** Runs the script for `needs` with apt offering `offered`; returns status, stdout, stderr. */
function pick(needs, offered, virtual = []) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qbook-apt-'));
  try {
    writeFileSync(path.join(dir, 'apt-cache'), STUB);
    chmodSync(path.join(dir, 'apt-cache'), 0o755);
    const run = spawnSync('bash', [SCRIPT, ...needs], {
      encoding: 'utf8',
      env: { PATH: `${dir}:/usr/bin:/bin`, OFFERED: offered.join(' '), VIRTUAL: virtual.join(' ') },
    });
    return { status: run.status, packages: run.stdout.split('\n').filter(Boolean), stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const TRIXIE = ['chromium', 'poppler-utils', 'fonts-dejavu-core', 'default-jre-headless', 'openjdk-21-jre-headless', 'openjdk-25-jre-headless'];

test('picks the packages Debian 13 offers (default-jre-headless, not openjdk-17)', () => {
  const got = pick(['chromium', 'pdftotext', 'fonts', 'java'], TRIXIE, ['openjdk-17-jre-headless']);
  assert.equal(got.status, 0, got.stderr);
  assert.deepEqual(got.packages, ['chromium', 'poppler-utils', 'fonts-dejavu-core', 'default-jre-headless']);
});

test('without default-jre-headless, picks the newest openjdk-N-jre-headless of 17 or newer', () => {
  const got = pick(['java'], ['openjdk-11-jre-headless', 'openjdk-17-jre-headless', 'openjdk-21-jre-headless', 'openjdk-21-jre']);
  assert.equal(got.status, 0, got.stderr);
  assert.deepEqual(got.packages, ['openjdk-21-jre-headless']);
});

test('a virtual package does not count as installable', () => {
  const got = pick(['fonts'], ['fonts-dejavu'], ['fonts-dejavu-core']);
  assert.deepEqual(got.packages, ['fonts-dejavu']);
});

test('fails when apt offers nothing for a need, naming it and what was tried', () => {
  const got = pick(['chromium', 'java'], ['chromium', 'openjdk-11-jre-headless']);
  assert.equal(got.status, 1);
  assert.deepEqual(got.packages, ['chromium']);
  assert.match(got.stderr, /apt offers no package for java \(tried: default-jre-headless\); run apt-get update first/);
});

test('fails on an unknown need', () => {
  const got = pick(['firefox'], TRIXIE);
  assert.equal(got.status, 2);
  assert.match(got.stderr, /unknown need `firefox`/);
});
