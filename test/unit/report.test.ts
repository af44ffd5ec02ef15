/**
 * The HTML report as a pure function: same input, same bytes; every string from a scenario or a
 * strategy escaped; self-contained and small; two runs compared with direction and size; the
 * multi-seed page likewise.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareRuns, formatDelta, formatMove, renderComparisonReport } from '../../reports/compare.js';
import { escapeHtml, jsonForScript } from '../../reports/escape.js';
import { renderReport } from '../../reports/html.js';
import type { ReportInput } from '../../reports/input.js';
import { isSeedsFolder, loadRunFolder, loadSeedsFolder } from '../../reports/load.js';
import { lostJobsDetail } from '../../results/metrics.js';
import { chartJs } from '../../reports/page.js';
import { formatSeedList, renderSeedsReport } from '../../reports/seeds.js';
import { SUMMARY_METRIC_KEYS } from '../../results/aggregate.js';
import type { StrategyResults } from '../../results/run.js';
import {
  MARKUP,
  REPORT_FIXTURE,
  reportFixture,
  reportFixtureMoved,
  reportFixtureWithMarkup,
  seedsFixture,
  seedsFixtureWithMarkup,
} from '../helpers/report-fixture.js';

const MB = 1024 * 1024;

/** The text of every `<script>` element of a page, in order. */
function scripts(html: string): string[] {
  return [...html.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((match) => match[1] as string);
}

describe('renderReport on the fixture (report-fixture.yaml, seed=5, 5 strategies)', () => {
  const html = renderReport(reportFixture());

  it('gives identical bytes for the same input', () => {
    expect(renderReport(reportFixture())).toBe(html);
  });

  it('is one self-contained file under 2 MB: chart.js inlined, no src or href leaving the page', () => {
    expect(Buffer.byteLength(html)).toBeLessThan(2 * MB);
    expect(html).toContain('Chart.js v4');
    // Everything but chart.js's own code: no element or style that could load anything.
    const page = html.replace(chartJs(), '');
    expect(page).not.toMatch(/\ssrc=|<link|<iframe|<img|@import|url\(|https?:/);
    expect(html).not.toContain('sourceMappingURL');
  });

  it('allows only its own two scripts, by hash, and no fetch at all', () => {
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(policy).toContain("default-src 'none'");
    const [data, library, drawing] = scripts(html);
    expect(JSON.parse(data as string)).toBeInstanceOf(Array);
    for (const source of [library, drawing])
      expect(policy).toContain(
        `'sha256-${createHash('sha256')
          .update(source as string)
          .digest('base64')}'`,
      );
  });

  it('has every section, a canvas for every chart spec and a spec for every canvas', () => {
    for (const id of [
      'scorecard',
      'throughput',
      'latency',
      'availability',
      'anomalies',
      'trade-off',
      'recovery',
      'cost',
      'faults',
      'coverage',
    ])
      expect(html).toContain(`<section id="${id}">`);
    const canvases = [...html.matchAll(/<canvas id="([^"]+)"/g)].map((match) => match[1]);
    const specs = (JSON.parse(scripts(html)[0] as string) as { canvas: string }[]).map((spec) => spec.canvas);
    expect(canvases).toEqual(specs);
    expect(specs).toEqual([
      'chart-throughput',
      'chart-job-latency',
      'chart-queue-wait',
      'chart-availability',
      'chart-partitions',
      'chart-anomalies',
      'chart-trade-off',
      'chart-recovery',
      'chart-faults',
    ]);
  });

  it('marks the violated targets in the scorecard', () => {
    const violations = html.match(/<td class="violation">[^<]*<span class="mark">✗ target [^<]*<\/span>/g) ?? [];
    // stateful, stateful-volatile, hybrid, canary-2017 below 0.9 during faults; canary-2017 lost jobs.
    expect(violations).toHaveLength(5);
  });

  it('shades both fault windows on the time series and marks the phases', () => {
    const [throughput] = JSON.parse(scripts(html)[0] as string) as {
      windows: { label: string }[];
      markers: { atMs: number }[];
    }[];
    expect(throughput?.windows.map((window) => window.label)).toEqual(['f1 crash', 'f2 partition']);
    expect(throughput?.markers.map((marker) => marker.atMs)).toEqual([3_600_000, 5_400_000]);
  });

  it('renders without config.json: no phase marks, says so', () => {
    const { results } = reportFixture();
    const bare = renderReport({ results });
    expect(bare).toContain('config.json was not found: phases are not marked');
    expect(bare).toContain('"markers":[]');
  });
});

describe('markup in names (scenario, strategy, faults, verdicts, trigger) renders as text', () => {
  const html = renderReport(reportFixtureWithMarkup());

  it('never puts the markup into the page unescaped', () => {
    for (const markup of Object.values(MARKUP)) expect(html).not.toContain(markup);
    expect(html).not.toContain('<img');
    expect(html).toContain(escapeHtml(MARKUP.script));
    expect(html).toContain(`<h1>faultline report: ${escapeHtml(MARKUP.script)}</h1>`);
  });

  it('keeps exactly three script elements (chart data, chart.js, the drawing script)', () => {
    expect(html.match(/<script/gi)).toHaveLength(3);
    expect(html.match(/<\/script/gi)).toHaveLength(3);
  });

  it('carries names in the chart data as \\u003c-escaped JSON that parses back to the same text', () => {
    const data = scripts(html)[0] as string;
    expect(data).not.toMatch(/[<>&]/);
    expect(data).toContain('\\u003cimg src=x onerror=alert(2)\\u003e');
    expect(JSON.stringify(JSON.parse(data))).toContain(MARKUP.element);
  });

  it('escapes the comparison page too', () => {
    const page = renderComparisonReport(reportFixtureWithMarkup(), reportFixtureWithMarkup(), {
      before: MARKUP.script,
      after: MARKUP.closer,
    });
    for (const markup of Object.values(MARKUP)) expect(page).not.toContain(markup);
    expect(page.match(/<script/gi)).toHaveLength(3);
  });
});

describe('the lost jobs in the scorecard', () => {
  /** The fixture with canary-2017's 4 lost jobs split as the work checker splits them now. */
  function withSplit(split: {
    lostWhileRunning: number;
    lostAfterFailure: number;
    lostBeforeStart: number;
  }): ReportInput {
    const input = reportFixture();
    const strategies = input.results.strategies.map((strategy) =>
      strategy.name === 'canary-2017'
        ? { ...strategy, checks: { ...strategy.checks, work: { ...strategy.checks.work, ...split } } }
        : strategy,
    );
    return { ...input, results: { ...input.results, strategies } };
  }

  it('says where their work was: running, after a failure, never started (only the non-zero parts)', () => {
    expect(renderReport(withSplit({ lostWhileRunning: 1, lostAfterFailure: 0, lostBeforeStart: 3 }))).toContain(
      '>4 (1 running, 3 never started)',
    );
    expect(renderReport(withSplit({ lostWhileRunning: 2, lostAfterFailure: 1, lostBeforeStart: 1 }))).toContain(
      '>4 (2 running, 1 after a failure, 1 never started)',
    );
  });

  it('shows the bare count for a results file written before the split, or one whose parts do not add up', () => {
    const canary = (input: ReportInput) =>
      input.results.strategies.find((strategy) => strategy.name === 'canary-2017') as StrategyResults;
    expect(lostJobsDetail(canary(reportFixture()))).toBeUndefined();
    expect(
      lostJobsDetail(canary(withSplit({ lostWhileRunning: 1, lostAfterFailure: 0, lostBeforeStart: 1 }))),
    ).toBeUndefined();
    expect(renderReport(reportFixture())).not.toContain('never started');
  });
});

describe('escaping helpers', () => {
  it('escapeHtml escapes the five characters that matter', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('jsonForScript leaves no character that could end a script element, and parses back', () => {
    const value = { name: '</script><!-- & \u2028' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('compareRuns: A (fixture) against B (stateful p99 doubled, 2 jobs lost)', () => {
  const comparison = compareRuns(reportFixture().results, reportFixtureMoved().results);
  const change = (strategy: string, key: string) =>
    comparison.strategies.find((entry) => entry.strategy === strategy)?.changes.find((entry) => entry.key === key);

  it('reports what moved, which way, by how much, and whether that is better', () => {
    const p99 = change('stateful', 'jobLatencyP99');
    expect(p99).toMatchObject({ direction: 'up', judgement: 'worse' });
    expect([p99?.before, p99?.after]).toEqual([473_217.57999999996, 2 * 473_217.57999999996]);
    expect(formatDelta(p99 as NonNullable<typeof p99>)).toBe('+7m53s (+100%)');
    expect(formatMove(p99 as NonNullable<typeof p99>)).toBe('↑ worse');
    const lost = change('stateful', 'jobsLost');
    expect(lost).toMatchObject({ before: 0, after: 2, direction: 'up', judgement: 'worse' });
    expect(formatDelta(lost as NonNullable<typeof lost>)).toBe('+2');
    expect(change('stateful', 'anomalyRate')).toMatchObject({ before: 0, after: 0.125, judgement: 'worse' });
  });

  it('finds nothing else changed, and the same scenario and seed', () => {
    const moved = comparison.strategies.flatMap((entry) =>
      entry.changes.filter((item) => item.direction !== 'same').map((item) => `${entry.strategy} ${item.key}`),
    );
    expect(moved.sort()).toEqual([
      'stateful anomalies',
      'stateful anomalyRate',
      'stateful jobLatencyP99',
      'stateful jobsLost',
    ]);
    expect(comparison.sameScenarioAndSeed).toBe(true);
    expect(comparison.onlyBefore).toEqual([]);
  });

  it('writes fractions in percentage points and large factors as ×N', () => {
    const base = {
      key: 'k',
      label: 'l',
      better: 'higher' as const,
      direction: 'up' as const,
      judgement: 'better' as const,
    };
    expect(formatDelta({ ...base, unit: 'fraction', before: 0.5, after: 0.75 })).toBe('+25 pp');
    expect(formatDelta({ ...base, unit: 'duration', before: 40, after: 30_000 })).toBe('+30s (×750)');
    expect(formatDelta({ ...base, unit: 'duration', before: 60_000, after: Number.POSITIVE_INFINITY })).toBe(
      'to never',
    );
  });
});

describe('loadRunFolder', () => {
  const folder = (files: Record<string, string>) => {
    const path = mkdtempSync(join(tmpdir(), 'faultline-report-load-'));
    mkdirSync(path, { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
    return path;
  };

  it('reads the fixture folder', async () => {
    const input = await loadRunFolder(REPORT_FIXTURE);
    expect(input.results.strategies).toHaveLength(5);
    expect(input.config?.phases.faultEndMs).toBe(3_600_000);
  });

  it('rejects a folder without results.json, naming it', async () => {
    const path = folder({});
    await expect(loadRunFolder(path)).rejects.toThrow(`${path}: no results.json; expected a finished run folder`);
  });

  it('rejects unparseable JSON and another format version, naming the file', async () => {
    const broken = folder({ 'results.json': '{"formatVersion": 3,' });
    await expect(loadRunFolder(broken)).rejects.toThrow(`${join(broken, 'results.json')}: not valid JSON`);
    const old = folder({ 'results.json': '{"formatVersion": 1}' });
    await expect(loadRunFolder(old)).rejects.toThrow(
      `${join(old, 'results.json')}: results format version 1, expected 3`,
    );
  });
});

describe('renderSeedsReport on the multi-seed fixture (seeds 5–8, 5 strategies)', () => {
  const html = renderSeedsReport(seedsFixture());
  const specs = () =>
    JSON.parse(scripts(html)[0] as string) as {
      canvas: string;
      type: string;
      ticks?: Record<string, { label: string }[]>;
      data: { datasets: { label: string; data: { run?: string }[] }[] };
    }[];

  it('gives identical bytes for the same input, self-contained under 2 MB, only its own scripts', () => {
    expect(renderSeedsReport(seedsFixture())).toBe(html);
    expect(Buffer.byteLength(html)).toBeLessThan(2 * MB);
    expect(html.replace(chartJs(), '')).not.toMatch(/\ssrc=|<link|<iframe|<img|@import|url\(|https?:/);
    const policy = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    expect(policy).toContain("default-src 'none'");
    for (const source of scripts(html).slice(1))
      expect(policy).toContain(`'sha256-${createHash('sha256').update(source).digest('base64')}'`);
  });

  it('has every section, one distribution chart per summary metric and the trade-off chart, a canvas for each', () => {
    for (const id of ['seeds', 'means', 'distributions', 'trade-off', 'differences'])
      expect(html).toContain(`<section id="${id}">`);
    const canvases = [...html.matchAll(/<canvas id="([^"]+)"/g)].map((match) => match[1]);
    expect(canvases).toEqual(specs().map((spec) => spec.canvas));
    expect(canvases).toEqual([...SUMMARY_METRIC_KEYS.map((key) => `chart-seeds-${key}`), 'chart-trade-off']);
  });

  it('draws a strip per strategy with one point per seed, the strategies naming the axis', () => {
    const lost = specs().find((spec) => spec.canvas === 'chart-seeds-jobsLost');
    expect(lost?.ticks?.['x']?.map((tick) => tick.label)).toEqual([
      'stateful',
      'stateful-volatile',
      'stateless',
      'hybrid',
      'canary-2017',
    ]);
    const canary = lost?.data.datasets.find((dataset) => dataset.label === 'canary-2017');
    expect(canary?.data.map((point) => point.run)).toEqual(['seed 5', 'seed 6', 'seed 7', 'seed 8']);
    expect(
      lost?.data.datasets
        .find((dataset) => dataset.label === 'canary-2017 mean ± 95% CI')
        ?.data.map((point) => point.run),
    ).toEqual(['95% CI low', 'mean of 4', '95% CI high']);
  });

  it('puts one trade-off point per strategy and seed', () => {
    const tradeOff = specs().find((spec) => spec.canvas === 'chart-trade-off');
    expect(tradeOff?.data.datasets.map((dataset) => dataset.data.length)).toEqual([4, 4, 4, 4, 4]);
    expect(tradeOff?.data.datasets[0]?.data.map((point) => point.run)).toEqual([
      'seed 5',
      'seed 6',
      'seed 7',
      'seed 8',
    ]);
  });

  it('says which interval the tables show, and marks a number whose interval has a caveat, with the note below', () => {
    const means = /<section id="means">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(means).toContain('<p class="note">95% CI: Student’s t (± its half-width).</p>');
    expect(means).toContain('0 ± 0 <sup class="mark">†1</sup><br>');
    expect(means).toContain(
      '<p class="note">†1 the same on all 4 seeds: an interval of width 0, yet an outcome on as many as 53% of seeds would miss all 4 one time in 20</p>',
    );
    const differences = /<section id="differences">[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
    expect(differences).toContain('<td>[-4, -4] <sup class="mark">†1</sup></td>');
  });

  it('links every seed’s own report and names the seeds that missed a target', () => {
    for (const seed of [5, 6, 7, 8]) expect(html).toContain(`<a href="seed-${seed}/report.html">`);
    expect(html).toContain('Targets missed on 4 of 4 seeds: 5, 6, 7, 8.');
    expect(html).toContain(
      '<td>-4.75</td><td>[-6.27, -3.23]</td><td>4</td><td>0</td><td>0</td><td class="better">stateful better</td>',
    );
    expect(formatSeedList([5, 6, 7, 8])).toBe('5–8');
    expect(formatSeedList([5, 9])).toBe('5, 9');
  });

  it('shows markup in names as text, in the page and in the chart data', () => {
    const marked = renderSeedsReport(seedsFixtureWithMarkup());
    for (const markup of Object.values(MARKUP)) expect(marked).not.toContain(markup);
    expect(marked.match(/<script/gi)).toHaveLength(3);
    expect(scripts(marked)[0]).not.toMatch(/[<>&]/);
    expect(marked).toContain(`<h1>faultline report: ${escapeHtml(MARKUP.script)}, 4 seeds</h1>`);
  });
});

describe('loadSeedsFolder', () => {
  const folder = (files: Record<string, string>) => {
    const path = mkdtempSync(join(tmpdir(), 'faultline-seeds-load-'));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
    return path;
  };

  it('reads summary.json; the folder is a multi-seed one, which a comparison refuses with what to do instead', async () => {
    const path = folder({ 'summary.json': JSON.stringify(seedsFixture()) });
    expect(isSeedsFolder(path)).toBe(true);
    expect(await loadSeedsFolder(path)).toEqual(seedsFixture());
    await expect(loadRunFolder(path)).rejects.toThrow(
      `${path}: a multi-seed run (summary.json, one folder per seed); runs are compared one seed at a time: name two seed-<N>/ folders`,
    );
  });

  it('rejects a missing summary.json and another format version, naming the file', async () => {
    const empty = folder({});
    expect(isSeedsFolder(empty)).toBe(false);
    await expect(loadSeedsFolder(empty)).rejects.toThrow(
      `${empty}: no summary.json; expected a finished multi-seed run folder`,
    );
    const old = folder({ 'summary.json': '{"formatVersion": 1}' });
    await expect(loadSeedsFolder(old)).rejects.toThrow(
      `${join(old, 'summary.json')}: summary format version 1, expected 2`,
    );
  });
});
