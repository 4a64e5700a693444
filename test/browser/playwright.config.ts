import { defineConfig } from '@playwright/test';

/**
 * Browser tests of the web app against the compiled API (`npm run test:browser` builds first), in
 * Debian's Chromium: no browser is downloaded (CHROMIUM_PATH, default /usr/bin/chromium).
 * Screenshots of every screen go to test/screenshots/ on every run (not committed).
 * With PLAYWRIGHT_JUNIT_FILE set (CI), the results are written there as JUnit XML too.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.browser.ts',
  // One API process per file; files run one after another (2 shared cores).
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 180_000,
  expect: { timeout: 15_000 },
  outputDir: '../../test-results/browser',
  reporter: process.env.PLAYWRIGHT_JUNIT_FILE ? [['list'], ['junit', { outputFile: process.env.PLAYWRIGHT_JUNIT_FILE }]] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] },
    viewport: { width: 1366, height: 768 },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    actionTimeout: 15_000,
  },
});
