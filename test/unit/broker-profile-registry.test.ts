/**
 * A broker delivery profile added the documented way — one module, registered — works end to end
 * with no other change: a scenario naming it parses and validates, it resolves into the
 * configuration, `faultline list` knows it, and a run of a broker strategy on the direct runtime
 * goes through its hooks and completes every job.
 *
 * The throwaway profile, `fifo`, is `at-least-once` without priorities: every message joins the
 * back of its queue. The registry is read when the scenario schema loads, so this file registers
 * the profile first and imports whatever reads the registry afterwards (the dynamic imports
 * below), as an extension would.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerBrokerProfile } from '../../simulator/scenario/broker/profiles/index.js';
import type { BrokerProfileModule } from '../../simulator/scenario/broker/profiles/profile.js';
import { queueMechanics } from '../../simulator/scenario/broker/profiles/queue.js';

/** What the run asked of the profile: how many messages it took in, how many times it dispatched. */
const calls = { enqueued: 0, dispatched: 0 };

const fifo: BrokerProfileModule = {
  name: 'fifo',
  description:
    'manual acks and confirms, one plain queue: first in, first out, whatever the priority (the registry test’s throwaway profile)',
  summary: 'a plain first-in-first-out queue',
  autoAck: false,
  confirmsPublishes: true,
  ...queueMechanics,
  enqueue(queue, message) {
    calls.enqueued++;
    queue.ready.push(message);
  },
  dispatch(step, name, queue) {
    calls.dispatched++;
    queueMechanics.dispatch(step, name, queue);
  },
};

registerBrokerProfile(fifo);

const { parseScenarioText } = await import('../../simulator/scenario/load.js');
const { resolveScenario } = await import('../../simulator/scenario/resolve.js');
const { brokerProfiles } = await import('../../simulator/scenario/broker/profiles/index.js');
const { acksManually, confirmsPublishes } = await import('../../simulator/components/broker-client.js');
const { runScenario } = await import('../../runner/run.js');
const { stateless } = await import('../../strategies/stateless/index.js');
const { scenarioYaml } = await import('../helpers/scenarios.js');
const { budgetMs } = await import('../helpers/budget.js');
const { freshFolder } = await import('../helpers/run-folders.js');

/** The default test scenario (4 jobs every 10 minutes, n1 in z1, n2 in z2) with a broker of `profile`. */
const withProfile = (profile: string) =>
  scenarioYaml().replace(/^topology:\n/m, `topology:\n  broker: { profile: ${profile} }\n`);

describe('a broker profile registered as a module (fifo)', () => {
  it('parses, validates and resolves; an unknown profile is refused with the registered ones listed', () => {
    const scenario = parseScenarioText('fifo.yaml', withProfile('fifo'));
    expect(scenario.topology.broker.profile).toBe('fifo');
    expect(resolveScenario(scenario, { file: 'fifo.yaml' }).broker.profile).toBe('fifo');
    expect(() => parseScenarioText('typo.yaml', withProfile('fiffo'))).toThrow(
      /expected one of at-most-once, at-least-once, log, fifo/,
    );
  });

  it('is listed, and the client asks it, not its name, about acks and confirms', () => {
    expect(brokerProfiles().at(-1)).toBe(fifo);
    expect(acksManually({ profile: 'fifo' })).toBe(true);
    expect(confirmsPublishes({ profile: 'fifo' })).toBe(true);
    expect(acksManually({ profile: 'at-most-once' })).toBe(false);
  });

  it(
    'runs on the direct runtime: the broker goes through its hooks, and every job completes',
    async () => {
      const folder = freshFolder('fifo');
      const scenarioFile = join(folder, 'fifo.yaml');
      writeFileSync(scenarioFile, withProfile('fifo'));
      const { results } = await runScenario({
        scenarioFile,
        strategies: [stateless],
        runtime: 'direct',
        outDir: join(folder, 'run'),
      });
      expect(calls.enqueued).toBeGreaterThan(0);
      expect(calls.dispatched).toBeGreaterThan(0);
      const work = results.strategies[0]?.checks.work;
      expect({ submitted: work?.jobsSubmitted, completed: work?.jobsCompleted, lost: work?.jobsLost }).toEqual({
        submitted: 4,
        completed: 4,
        lost: 0,
      });
    },
    budgetMs({ jobs: 4, runtime: 'direct' }),
  );

  it('refuses a profile registered after the registry was read', () => {
    expect(() => registerBrokerProfile({ ...fifo, name: 'late' })).toThrow(/registered after the registry was read/);
  });
});
