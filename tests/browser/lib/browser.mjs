// Launches Debian's Chromium (/usr/bin/chromium) through playwright-core, headless and
// cut off from the internet: the flags stop its own background traffic, and every
// browser context made here aborts any request that is not to the loopback test server,
// file:, data: or blob:, recording it so that a test can fail on it. Nothing leaves the
// machine even when a page under test asks for an external URL.

import { chromium } from 'playwright-core';
import { CHROMIUM, requireFile } from './env.mjs';

/** The flags the machine needs (see DESIGN.md): no network of Chromium's own. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Starts Chromium. playwright-core's launch() gives it a fresh, empty temporary
 * --user-data-dir of its own and deletes it on close().
 */
export async function launchBrowser() {
  requireFile(CHROMIUM, "Debian's chromium package (apt-get install chromium), as tests/run.sh does");
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

/** True for a URL the tests let through: the local server, file:, data:, blob:, about:. */
export function isLocalUrl(url) {
  let u;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (['file:', 'data:', 'blob:', 'about:', 'chrome-error:'].includes(u.protocol)) return true;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
}

/**
 * A new browser context whose non-local requests are aborted and recorded in
 * `context.blockedRequests` as { url, frameUrl }. `options` go to browser.newContext.
 */
export async function newContext(browser, options = {}) {
  const context = await browser.newContext({ bypassCSP: true, ...options });
  context.blockedRequests = [];
  await context.route(
    (url) => !isLocalUrl(url.href),
    (route) => {
      const req = route.request();
      let frameUrl = '';
      try {
        frameUrl = req.frame().url();
      } catch {
        // service-worker requests have no frame
      }
      context.blockedRequests.push({ url: req.url(), frameUrl });
      return route.abort('blockedbyclient');
    },
  );
  return context;
}
