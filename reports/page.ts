/**
 * The page every report is: one self-contained HTML file — styles, chart.js (read from the
 * installed package and inlined), the chart data as a JSON block and the script that draws it.
 * It loads nothing: a Content-Security-Policy forbids every fetch and allows only the two
 * inline scripts, by hash, so even a string that escaped escaping could not run.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { BROWSER_SCRIPT } from './browser-script.js';
import type { ChartSpec } from './charts.js';
import { escapeHtml, jsonForScript } from './escape.js';

let chartJsSource: string | undefined;

/**
 * chart.js's browser (UMD) build from the installed package, without its source-map comment.
 * The package's exports map does not expose `dist/`, so the file is found beside its main entry.
 */
export function chartJs(): string {
  if (chartJsSource === undefined) {
    const main = createRequire(import.meta.url).resolve('chart.js');
    const source = readFileSync(join(dirname(main), 'chart.umd.min.js'), 'utf8').replace(
      /\n\/\/# sourceMappingURL=\S*\s*$/,
      '\n',
    );
    if (/<\/script|<!--/i.test(source))
      throw new Error('chart.js contains "</script" or "<!--": it cannot be inlined as it is');
    chartJsSource = source;
  }
  return chartJsSource;
}

const STYLE = `
:root { color-scheme: light; --fg: #1d1d1f; --muted: #5b5b66; --line: #d9d9e0; --bad: #b42318; --bad-bg: #fdecea; --warn: #8a5a00; --warn-bg: #fff4db; --ok: #146c2e; --better: #146c2e; --worse: #b42318; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; margin: 0; }
header, nav, main, footer { max-width: 1240px; margin: 0 auto; padding: 0 24px; }
h1 { font-size: 24px; margin: 24px 0 8px; }
h2 { font-size: 19px; margin: 0 0 4px; padding-bottom: 4px; border-bottom: 1px solid var(--line); break-after: avoid; }
h3 { font-size: 15px; margin: 18px 0 4px; break-after: avoid; }
section { margin: 32px 0; }
.lead { color: var(--muted); margin: 4px 0 12px; max-width: 100ch; }
.note { color: var(--muted); font-style: italic; }
nav ul { list-style: none; padding: 8px 0; margin: 0; display: flex; flex-wrap: wrap; gap: 4px 16px; border-bottom: 1px solid var(--line); }
nav a { color: #0b57d0; text-decoration: none; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; }
.verdict { font-weight: 600; margin-bottom: 0; }
.verdict.passed { color: var(--ok); }
.verdict.failed, .violations { color: var(--bad); }
.violations { margin-top: 4px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: 8px 0 4px; font-variant-numeric: tabular-nums; }
th, td { border-bottom: 1px solid var(--line); padding: 3px 10px; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid #999; white-space: nowrap; }
tbody th { font-weight: normal; }
tr { break-inside: avoid; }
tr.group th { background: #f3f3f6; font-weight: 600; padding-top: 6px; }
td.violation { background: var(--bad-bg); color: var(--bad); font-weight: 600; }
td.warn { background: var(--warn-bg); color: var(--warn); }
td.active { background: #eef4ff; }
td.better { color: var(--better); font-weight: 600; }
td.worse { background: var(--bad-bg); color: var(--worse); font-weight: 600; }
td.same { color: var(--muted); }
.mark { font-weight: normal; font-size: 12px; }
.chart { position: relative; width: 100%; margin: 8px 0 16px; break-inside: avoid; }
.pair { display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }
footer { color: var(--muted); font-size: 12px; padding-top: 16px; padding-bottom: 32px; }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } }
@media print {
  nav { display: none; }
  body { font-size: 10.5px; }
  header, main, footer { max-width: none; padding: 0; }
  section { margin: 14px 0; }
  .table-wrap { overflow: visible; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

export interface PageContent {
  /** The page title (text). */
  readonly title: string;
  /** The header's markup (built from escaped parts). */
  readonly header: string;
  /** Table of contents: section id and title (text). */
  readonly contents: readonly (readonly [string, string])[];
  /** The sections' markup. */
  readonly sections: readonly string[];
  /** The footer's text. */
  readonly footer: string;
  readonly charts: readonly ChartSpec[];
}

const scriptHash = (source: string) => `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

/** The whole HTML page: a pure function of its content (and the installed chart.js). */
export function renderPage(content: PageContent): string {
  const library = chartJs();
  const policy = `default-src 'none'; script-src ${scriptHash(library)} ${scriptHash(BROWSER_SCRIPT)}; style-src 'unsafe-inline'; img-src data:`;
  const contents = content.contents
    .map(([id, title]) => `<li><a href="#${escapeHtml(id)}">${escapeHtml(title)}</a></li>`)
    .join('');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${policy}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="faultline">',
    `<title>${escapeHtml(content.title)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    content.header,
    `<nav><ul>${contents}</ul></nav>`,
    '<main>',
    ...content.sections,
    '</main>',
    `<footer>${escapeHtml(content.footer)}</footer>`,
    `<script type="application/json" id="report-charts">${jsonForScript(content.charts)}</script>`,
    `<script>${library}</script>`,
    `<script>${BROWSER_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
