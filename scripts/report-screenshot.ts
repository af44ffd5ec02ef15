/**
 * Regenerates the screenshots in docs/report.md: the report of the committed fixture
 * (test/fixtures/report/) rendered and opened in headless Chromium; docs/report.png shows the
 * header and the time series, docs/report-trade-off.png the trade-off chart and
 * docs/report-recovery.png the recovery per fault.
 * With --refresh-fixture it first runs the fixture's scenario again with every compared
 * strategy and replaces the fixture's results.json and config.json (after a change to the
 * results format, the strategies or the checkers):
 *
 *   node --import tsx scripts/report-screenshot.ts [--refresh-fixture]
 */
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderReport } from '../reports/html.js';
import { loadRunFolder } from '../reports/load.js';
import { runScenario } from '../runner/run.js';
import { comparedStrategies } from '../strategies/index.js';
import { launchChromium, openOffline } from '../test/helpers/browser.js';

const FIXTURE = 'test/fixtures/report';
/** Where each screenshot goes and what it shows: from the top of the page, or one section. */
const SCREENSHOTS: readonly { readonly path: string; readonly from: string; readonly to: string }[] = [
  { path: 'docs/report.png', from: 'body', to: '#throughput' },
  { path: 'docs/report-trade-off.png', from: '#trade-off', to: '#trade-off' },
  { path: 'docs/report-recovery.png', from: '#recovery', to: '#recovery .chart' },
];

if (process.argv.includes('--refresh-fixture')) {
  const outcome = await runScenario({
    scenarioFile: join(FIXTURE, 'scenario.yaml'),
    strategies: comparedStrategies(),
    outDir: mkdtempSync(join(tmpdir(), 'faultline-report-fixture-')),
  });
  for (const name of ['results.json', 'config.json']) copyFileSync(join(outcome.folder, name), join(FIXTURE, name));
  process.stdout.write(`fixture refreshed from ${outcome.folder}\n`);
}

const page = join(mkdtempSync(join(tmpdir(), 'faultline-report-screenshot-')), 'report.html');
writeFileSync(page, renderReport(await loadRunFolder(FIXTURE)));
const browser = await launchChromium();
try {
  const { page: tab, record } = await openOffline(browser, page, { width: 1200, height: 900 });
  if (record.consoleErrors.length > 0 || record.requests.length > 0)
    throw new Error(`the report did not render cleanly: ${JSON.stringify(record)}`);
  // The header and scorecard are long: hide the scorecard so the first picture reaches the charts.
  await tab.addStyleTag({ content: '#scorecard { display: none; }' });
  for (const shot of SCREENSHOTS) {
    const top = await tab.locator(shot.from).boundingBox();
    const bottom = await tab.locator(shot.to).boundingBox();
    if (!top || !bottom) throw new Error(`no ${shot.from} or ${shot.to} on the page`);
    await tab.screenshot({
      path: shot.path,
      fullPage: true,
      clip: { x: 0, y: top.y, width: 1200, height: bottom.y + bottom.height - top.y },
    });
    process.stdout.write(`${shot.path} (from ${page})\n`);
  }
} finally {
  await browser.close();
}
