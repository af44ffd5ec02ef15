/**
 * A long exploration, outside `npm test`: `faultline explore` over every compared strategy (the
 * canary too with --canary), seed after seed, until the time is up — as TigerBeetle's VOPR runs
 * seed after seed. Each seed's failures are printed as the commands that replay them; the exit
 * code is 1 if any property failed.
 *
 *   node --import tsx scripts/explore-long.ts [--hours 2] [--runs 50] [--seed N] [--canary]
 *   npm run explore:long
 */
import { parseArgs } from 'node:util';
import { drawSeed, explore } from '../explore/explore.js';
import { describeDocument } from '../explore/describe.js';
import { comparedStrategies } from '../strategies/index.js';
import { countOf } from '../simulator/base/words.js';

const { values } = parseArgs({
  options: {
    hours: { type: 'string', default: '2' },
    runs: { type: 'string', default: '50' },
    seed: { type: 'string' },
    canary: { type: 'boolean', default: false },
  },
});

const deadlineMs = Date.now() + Number(values.hours) * 3_600_000;
const strategies = comparedStrategies().filter((strategy) => values.canary || !strategy.canary);
let seed = values.seed === undefined ? drawSeed() : Number(values.seed);
let failures = 0;

process.stderr.write(
  `explore-long: ${strategies.map((strategy) => strategy.name).join(', ')}; ${countOf(Number(values.runs), 'run')} per property per seed, until ${new Date(deadlineMs).toISOString()}\n`,
);
while (Date.now() < deadlineMs) {
  const outcome = await explore({
    strategies,
    runs: Number(values.runs),
    seed,
    timeLimitMs: deadlineMs - Date.now(),
    events: {
      pairFinished: (pair) =>
        process.stderr.write(
          pair.counterexample
            ? `seed ${seed} ✗ ${pair.strategy} ${pair.property}: ${pair.counterexample.violation}\n    ${describeDocument(pair.counterexample.document)}\n    replay: ${pair.counterexample.replayCommand}\n    search: ${pair.counterexample.searchCommand}\n`
            : `seed ${seed} ${pair.runsDone > 0 ? '✓' : '·'} ${pair.strategy} ${pair.property}: ${countOf(pair.runsDone, 'run')}${pair.interrupted ? ' (time up)' : ''}\n`,
        ),
    },
  });
  failures += outcome.pairs.filter((pair) => pair.counterexample).length;
  process.stderr.write(`seed ${seed} done: ${outcome.folder}\n`);
  seed = (seed + 1) & 0x7fffffff;
}
process.stderr.write(`explore-long: ${failures} propert${failures === 1 ? 'y' : 'ies'} failed\n`);
process.exitCode = failures === 0 ? 0 : 1;
