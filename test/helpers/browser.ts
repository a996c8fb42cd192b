// A headless Chromium for the tests that drive a browser (the web UI, the OAuth consent page):
// Debian's chromium through playwright-core, since Playwright's own browser download is not
// available everywhere the suite runs. LOCALNOTION_CHROMIUM names another binary.
import { chromium, type Browser } from 'playwright-core';

export const CHROMIUM = process.env.LOCALNOTION_CHROMIUM ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
}
