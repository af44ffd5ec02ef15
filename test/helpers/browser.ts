/**
 * Headless Chromium for the report tests: Debian's `chromium` driven by playwright-core (which
 * never downloads a browser of its own). A missing browser fails the tests with what to install,
 * unless FAULTLINE_SKIP_BROWSER=1 says to skip them.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env['FAULTLINE_CHROMIUM'] ?? '/usr/bin/chromium';

/** Whether the browser tests are skipped on purpose (FAULTLINE_SKIP_BROWSER=1). */
export const SKIP_BROWSER = process.env['FAULTLINE_SKIP_BROWSER'] === '1';

/** Launches Chromium with no network services of its own (no updates, no sync, no first-run pages). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: install it (apt-get install chromium; .ci/run does), or set FAULTLINE_SKIP_BROWSER=1 to skip the browser tests`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-default-apps',
    ],
  });
}

/** What a page did while it loaded: console errors, page errors, requests other than file: and data:, dialogs. */
export interface PageRecord {
  readonly consoleErrors: string[];
  readonly requests: string[];
  readonly dialogs: string[];
}

/** Opens a file in a new offline page and records what it did. */
export async function openOffline(
  browser: Browser,
  file: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; record: PageRecord }> {
  const context = await browser.newContext({ offline: true, viewport });
  const page = await context.newPage();
  const record: PageRecord = { consoleErrors: [], requests: [], dialogs: [] };
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning')
      record.consoleErrors.push(`${message.type()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => record.consoleErrors.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    if (!/^(file|data):/.test(request.url())) record.requests.push(request.url());
  });
  page.on('dialog', (dialog) => {
    record.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.goto(`file://${file}`, { waitUntil: 'load' });
  return { page, record };
}

/**
 * Counts, for each canvas of the page, the pixels painted (alpha > 0). Evaluated as a string:
 * the project compiles without the DOM's types, which Node code must not see.
 */
const COUNT_PAINTED = `[...document.querySelectorAll('canvas')].map((canvas) => {
  const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let index = 3; index < pixels.length; index += 4) if (pixels[index] > 0) painted++;
  return { id: canvas.id, painted, total: canvas.width * canvas.height };
})`;

/** For each canvas of the page: its id and how many of its pixels are painted. */
export async function paintedPixels(page: Page): Promise<{ id: string; painted: number; total: number }[]> {
  return page.evaluate(COUNT_PAINTED) as Promise<{ id: string; painted: number; total: number }[]>;
}
