// Gate: every .html file of the built site is valid HTML per the Nu Html Checker (vnu).
// Errors fail; warnings are printed (grouped) but allowed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { siteDir } from './lib/env.mjs';
import { checkHtml, report, summarize } from './lib/gates.mjs';
import { listFiles } from './lib/site.mjs';

test('every page of the built site is valid HTML (Nu Html Checker)', async (t) => {
  const site = siteDir();
  const { errors, warnings, fileCount } = await checkHtml(site);
  t.diagnostic(`vnu checked ${fileCount} .html files in ${site}`);
  for (const line of summarize(warnings)) t.diagnostic(`vnu warning: ${line}`);
  assert.equal(fileCount, listFiles(site, '.html').length, 'vnu must check every .html file');
  assert.equal(errors.length, 0, report('vnu found HTML errors', errors));
});
