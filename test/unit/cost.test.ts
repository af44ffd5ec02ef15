import { describe, expect, it } from 'vitest';
import { admitCost, CostRefused, describeCost, describeWall, estimateCost } from '../../runner/cost.js';

describe('estimateCost', () => {
  it('grows with jobs and strategies; a run on Temporal needs the test server, one on direct does not', () => {
    const small = estimateCost({ jobs: 60, strategies: 5, runtime: 'temporal' });
    const large = estimateCost({ jobs: 20_000, strategies: 5, runtime: 'temporal' });
    expect(large.wallMs / small.wallMs).toBeGreaterThan(100);
    expect(large.serverMiB).toBeGreaterThan(9_000);
    const direct = estimateCost({ jobs: 20_000, strategies: 5, runtime: 'direct' });
    expect(direct.serverMiB).toBe(0);
    expect(direct.wallMs * 50).toBeLessThan(large.wallMs);
  });

  it('counts no server for one named with --temporal-address, and divides the time among parallel seeds', () => {
    expect(estimateCost({ jobs: 1_000, strategies: 1, runtime: 'temporal', ownServer: false }).serverMiB).toBe(0);
    const one = estimateCost({ jobs: 100, strategies: 1, runtime: 'direct', runs: 8, parallel: 1 });
    const four = estimateCost({ jobs: 100, strategies: 1, runtime: 'direct', runs: 8, parallel: 4 });
    expect(four.wallMs).toBeLessThan(one.wallMs / 2);
  });

  it('on the dev server: minutes where the test server takes seconds, and a server whose memory does not grow with jobs', () => {
    const test = estimateCost({ jobs: 60, strategies: 1, runtime: 'temporal' });
    const dev = estimateCost({ jobs: 60, strategies: 1, runtime: 'temporal', server: 'dev' });
    expect(dev.wallMs).toBeGreaterThan(60_000);
    expect(dev.wallMs / test.wallMs).toBeGreaterThan(3);
    const devLarge = estimateCost({ jobs: 20_000, strategies: 1, runtime: 'temporal', server: 'dev' });
    expect(devLarge.serverMiB).toBe(dev.serverMiB);
    expect(describeCost(dev, 'dev')).toMatch(/^about \d+ min .*dev server up to 300 MiB$/);
  });
});

describe('admitCost', () => {
  const plan = { jobs: 20_000, strategies: 5, runtime: 'temporal' as const };
  const estimate = estimateCost(plan);

  it('refuses a run that needs more than the free memory, says how much and what to do instead', () => {
    expect(() => admitCost(plan, estimate, { freeMiB: 2_048 })).toThrow(CostRefused);
    expect(() => admitCost(plan, estimate, { freeMiB: 2_048 })).toThrow(
      /needs about 9\.\d GiB.*Temporal test server.*has 2\.0 GiB free: run it on the direct runtime \(--runtime direct.*--yes/,
    );
  });

  it('says what the caller suggests instead, when it does', () => {
    expect(() =>
      admitCost(plan, estimate, { freeMiB: 2_048, instead: 'skip the cross-check (--no-cross-check), or' }),
    ).toThrow(/free: skip the cross-check \(--no-cross-check\), or pass --yes to start it anyway$/);
  });

  it('admits it with --yes, or when the memory is there', () => {
    expect(() => admitCost(plan, estimate, { freeMiB: 2_048, yes: true })).not.toThrow();
    expect(() => admitCost(plan, estimate, { freeMiB: 16_384 })).not.toThrow();
  });
});

describe('describeWall', () => {
  it('says seconds, minutes or hours', () => {
    expect([describeWall(400), describeWall(42_000), describeWall(180_000), describeWall(5 * 3_600_000)]).toEqual([
      'about 1 s',
      'about 42 s',
      'about 3 min',
      'about 5.0 h',
    ]);
  });
});
