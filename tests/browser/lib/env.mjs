// Where things are: the built site under test, the repository, the test tools.
// Every path comes from the environment that tests/run.sh sets; a missing one is a
// failure with a message that says how to run the tests, never a skip.

import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** tests/ (the folder holding package.json and node_modules). */
export const TESTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The repository root (QBOOK_ROOT, else the parent of tests/). */
export const REPO_ROOT = path.resolve(process.env.QBOOK_ROOT || path.join(TESTS_DIR, '..'));

/** The Chromium the tests drive: Debian's, never a downloaded build. QBOOK_CHROME names
 * another, the same variable `qbook pdf` reads. */
export const CHROMIUM = process.env.QBOOK_CHROME || '/usr/bin/chromium';

/** The Nu Html Checker jar shipped in the vnu-jar npm package. */
export const VNU_JAR = path.join(TESTS_DIR, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

/** axe-core's browser bundle, injected into pages. */
export const AXE_JS = path.join(TESTS_DIR, 'node_modules', 'axe-core', 'axe.min.js');

const HOW_TO_RUN = 'run the tests with tests/run.sh, which builds the site and sets QBOOK_SITE';

/** The built site under test (QBOOK_SITE): an existing folder with an index.html. */
export function siteDir() {
  const dir = process.env.QBOOK_SITE;
  if (!dir) throw new Error(`QBOOK_SITE is not set: ${HOW_TO_RUN}`);
  const abs = path.resolve(dir);
  if (!existsSync(abs) || !statSync(abs).isDirectory()) {
    throw new Error(`QBOOK_SITE=${dir} is not a folder: ${HOW_TO_RUN}`);
  }
  if (!existsSync(path.join(abs, 'index.html'))) {
    throw new Error(`QBOOK_SITE=${dir} has no index.html: is it a built qbook site?`);
  }
  return abs;
}

/** The qbook binary (QBOOK_BIN), for tests that build fixture books themselves. */
export function qbookBin() {
  const bin = path.resolve(REPO_ROOT, process.env.QBOOK_BIN || 'target/release/qbook');
  if (!existsSync(bin)) throw new Error(`qbook binary not found at ${bin}: ${HOW_TO_RUN}`);
  return bin;
}

/** Throws when a file a test needs is missing, naming the install step that brings it. */
export function requireFile(file, installedBy) {
  if (!existsSync(file)) throw new Error(`missing ${file}: install it with ${installedBy}`);
  return file;
}
