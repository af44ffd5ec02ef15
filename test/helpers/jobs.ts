/** Arbitrary jobs for property tests of the strategies' pure cores. */
import fc from 'fast-check';
import { AIRAVATA_CHAIN, type JobSpec } from '../../simulator/scenario/model.js';

/** A random DAG job: task i depends on a subset of the tasks before it. */
export const jobArbitrary = (id: string): fc.Arbitrary<JobSpec> =>
  fc
    .record({
      tasks: fc.array(
        fc.record({ kind: fc.constantFrom(...AIRAVATA_CHAIN), after: fc.array(fc.nat({ max: 5 }), { maxLength: 2 }) }),
        { minLength: 1, maxLength: 5 },
      ),
      priority: fc.constantFrom<JobSpec['priority'][]>('NORMAL', 'URGENT'),
    })
    .map(({ tasks, priority }) => ({
      id,
      type: 'experiment',
      priority,
      site: 'site1',
      tasks: tasks.map((task, index) => ({
        id: `T${index}`,
        kind: task.kind,
        after: [...new Set(task.after.filter((before) => before < index))].map((before) => `T${before}`),
      })),
    }));
