/**
 * The report as a person meets it: opened from disk in headless Chromium with the network off,
 * every chart drawn, nothing logged as an error, nothing fetched, and markup in names shown as
 * text without running. A missing /usr/bin/chromium fails these tests (install it:
 * `apt-get install chromium`) unless FAULTLINE_SKIP_BROWSER=1.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderComparisonReport } from '../../reports/compare.js';
import { renderReport } from '../../reports/html.js';
import { renderSeedsReport } from '../../reports/seeds.js';
import { SUMMARY_METRIC_KEYS } from '../../results/aggregate.js';
import { launchChromium, openOffline, paintedPixels, SKIP_BROWSER } from '../helpers/browser.js';
import {
  MARKUP,
  reportFixture,
  reportFixtureMoved,
  reportFixtureWithMarkup,
  seedsFixture,
  seedsFixtureWithMarkup,
} from '../helpers/report-fixture.js';

const CHARTS_IN_FIXTURE_REPORT = 9;

/**
 * For every chart of the page, the axes whose ticks the report computed: the labels chart.js drew
 * and the ones in the spec. Evaluated as a string (the project compiles without the DOM's types).
 */
const DRAWN_TICKS = `(() => {
  const specs = JSON.parse(document.getElementById('report-charts').textContent);
  return specs.flatMap((spec) => {
    const chart = Chart.getChart(spec.canvas);
    return Object.keys(spec.ticks || {}).map((axis) => ({
      chart: spec.canvas,
      axis,
      drawn: chart.scales[axis].ticks.map((tick) => tick.label),
      computed: spec.ticks[axis].map((tick) => tick.label),
    }));
  });
})()`;

describe.skipIf(SKIP_BROWSER)('report.html in headless Chromium (report-fixture.yaml, seed=5, 5 strategies)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'faultline-report-browser-'));
  let browser: Browser;

  const write = (name: string, html: string) => {
    const file = join(folder, name);
    writeFileSync(file, html);
    return file;
  };

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('draws every chart offline, with no console error and no request; saves a screenshot', async () => {
    const { page, record } = await openOffline(browser, write('report.html', renderReport(reportFixture())));
    expect(await page.getAttribute('html', 'data-charts-drawn')).toBe(String(CHARTS_IN_FIXTURE_REPORT));
    const canvases = await paintedPixels(page);
    expect(canvases).toHaveLength(CHARTS_IN_FIXTURE_REPORT);
    for (const canvas of canvases) {
      // Not blank: axes, labels and data cover well over 1% of any chart's pixels.
      expect({ id: canvas.id, blank: canvas.painted < canvas.total / 100 }).toEqual({ id: canvas.id, blank: false });
    }
    expect(record).toEqual({ consoleErrors: [], requests: [], dialogs: [] });
    // Every axis shows exactly the ticks the report fitted to the data (none past the run's end, none chart.js added).
    const axes = (await page.evaluate(DRAWN_TICKS)) as {
      chart: string;
      axis: string;
      drawn: string[];
      computed: string[];
    }[];
    expect(axes.length).toBeGreaterThan(CHARTS_IN_FIXTURE_REPORT);
    for (const axis of axes) expect({ ...axis, drawn: axis.drawn }).toEqual({ ...axis, drawn: axis.computed });
    const screenshot = join(folder, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`report screenshot: ${screenshot}\n`);
    await page.context().close();
  });

  it('shows markup in names as text: no dialog, no error (the page policy would log a blocked script)', async () => {
    const { page, record } = await openOffline(browser, write('markup.html', renderReport(reportFixtureWithMarkup())));
    expect(await page.textContent('h1')).toBe(`faultline report: ${MARKUP.script}`);
    expect(await page.locator('th', { hasText: MARKUP.element }).count()).toBeGreaterThan(0);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.getAttribute('html', 'data-charts-drawn')).toBe(String(CHARTS_IN_FIXTURE_REPORT));
    expect(record).toEqual({ consoleErrors: [], requests: [], dialogs: [] });
    await page.context().close();
  });

  it('draws the comparison page of two runs (stateful p99 doubled and 2 jobs lost in B)', async () => {
    const html = renderComparisonReport(reportFixture(), reportFixtureMoved(), {
      before: 'run-a',
      after: MARKUP.script,
    });
    const { page, record } = await openOffline(browser, write('compare.html', html));
    const canvases = await paintedPixels(page);
    expect(canvases.map((canvas) => canvas.id)).toEqual(['chart-trade-off']);
    expect(canvases[0]?.painted).toBeGreaterThan((canvases[0]?.total ?? 0) / 100);
    expect(await page.locator('table.changes td.worse').count()).toBe(4);
    expect(await page.textContent('h1')).toBe(`faultline comparison: run-a → ${MARKUP.script}`);
    expect(record).toEqual({ consoleErrors: [], requests: [], dialogs: [] });
    await page.context().close();
  });

  it('draws the multi-seed report (seeds 5–8): a distribution per summary metric and the per-seed trade-off, none blank', async () => {
    const { page, record } = await openOffline(browser, write('seeds.html', renderSeedsReport(seedsFixture())));
    const charts = SUMMARY_METRIC_KEYS.length + 1;
    expect(await page.getAttribute('html', 'data-charts-drawn')).toBe(String(charts));
    const canvases = await paintedPixels(page);
    expect(canvases).toHaveLength(charts);
    for (const canvas of canvases)
      expect({ id: canvas.id, blank: canvas.painted < canvas.total / 100 }).toEqual({ id: canvas.id, blank: false });
    expect(record).toEqual({ consoleErrors: [], requests: [], dialogs: [] });
    for (const axis of (await page.evaluate(DRAWN_TICKS)) as { drawn: string[]; computed: string[] }[])
      expect(axis.drawn).toEqual(axis.computed);
    const screenshot = join(folder, 'seeds.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    process.stdout.write(`multi-seed report screenshot: ${screenshot}\n`);
    await page.context().close();
  });

  it('shows markup in the multi-seed report’s names as text: no dialog, no error', async () => {
    const { page, record } = await openOffline(
      browser,
      write('seeds-markup.html', renderSeedsReport(seedsFixtureWithMarkup())),
    );
    expect(await page.textContent('h1')).toBe(`faultline report: ${MARKUP.script}, 4 seeds`);
    expect(await page.locator('img').count()).toBe(0);
    expect(record).toEqual({ consoleErrors: [], requests: [], dialogs: [] });
    await page.context().close();
  });
});
