/**
 * The history's record kinds as types (simulator/scenario/history.ts): a record of one kind (`f`) has
 * that kind's fields and no others. Most of this file is checked by `npm run typecheck` rather
 * than run: each `@ts-expect-error` line must fail type checking (tsc reports a directive with
 * no error under it), so a reader of a field its kind lacks, a misspelt `f` and a missing field
 * stay errors.
 */
import { describe, expect, it } from 'vitest';
import type { HistoryDraft, HistoryEntry, HistoryOf } from '../../simulator/scenario/history.js';
import { isRecord, jobOf, stampDraft } from '../../simulator/scenario/history.js';

// --- Readers: a field is read only from a record kind that has it.

/** A `job-complete` names its job, nothing else. */
const jobOfCompletion = (entry: HistoryOf<'job-complete'>): string => entry.value.job;
const taskOfCompletion = (entry: HistoryOf<'job-complete'>): unknown =>
  // @ts-expect-error -- a job-complete record has no task
  entry.value.task;

/** A dispatch has an attempt; a suspicion has none. */
const attemptOfDispatch = (entry: HistoryOf<'dispatch'>): number => entry.value.attempt;
const attemptOfSuspicion = (entry: HistoryOf<'suspect'>): unknown =>
  // @ts-expect-error -- a suspect record has no attempt
  entry.value.attempt;

/** Only a status read answered ok carries a state: not its invoke, not a refusal. */
const stateOfRead = (entry: HistoryOf<'status', 'ok'>): string => entry.value.state;
const stateOfInvoke = (entry: HistoryOf<'status', 'invoke'>): unknown =>
  // @ts-expect-error -- a status invoke carries no state
  entry.value.state;

/** An entry not narrowed by its `f` has no field to read, not even `job` (a phase or a fault has none). */
const jobOfAny = (entry: HistoryEntry): unknown =>
  // @ts-expect-error -- not every record kind names a job
  entry.value?.job;

/** Narrowing by `f` (or by `isRecord`) gives the kind's fields. */
function nodeOf(entry: HistoryEntry): string | undefined {
  if (entry.f === 'trust') return entry.value.node;
  if (isRecord(entry, 'dispatch')) return entry.value.node;
  // @ts-expect-error -- a misspelt record kind is no kind
  if (entry.f === 'dispach') return undefined;
  return undefined;
}

// --- Writers: what `ctx.record` takes.

const drafts: readonly HistoryDraft[] = [
  { type: 'info', f: 'dispatch', value: { job: 'job-1', task: 'A', node: 'n1', attempt: 1 } },
  { type: 'invoke', f: 'submit', op: 'client-1:0', value: { job: 'job-1' } },
  { type: 'info', f: 'start', process: 'nemesis', value: { fault: 'f1', kind: 'crash', nodes: ['n2'] } },
  { type: 'info', f: 'heal', process: 'nemesis' },
  // @ts-expect-error -- a misspelt f
  { type: 'info', f: 'job-completed', value: { job: 'job-1' } },
  // @ts-expect-error -- a dispatch without its attempt
  { type: 'info', f: 'dispatch', value: { job: 'job-1', task: 'A' } },
  // @ts-expect-error -- a misspelt field
  { type: 'info', f: 'suspect', value: { nod: 'n2' } },
  // @ts-expect-error -- a control-plane record is only ever `info`
  { type: 'ok', f: 'job-complete', value: { job: 'job-1' } },
  // @ts-expect-error -- a client operation pairs its invoke and completion by `op`
  { type: 'invoke', f: 'status', value: { job: 'job-1' } },
  // @ts-expect-error -- a timeout's reason is `timeout`
  { type: 'info', f: 'submit', op: 'client-1:0', value: { job: 'job-1', reason: 'late' } },
  // @ts-expect-error -- the driver records a fault on behalf of the nemesis
  { type: 'info', f: 'stop', value: { fault: 'f1', kind: 'crash' } },
];

describe('history record kinds', () => {
  it('narrows by kind and names a record’s job', () => {
    const entries = drafts.slice(0, 4).map((draft, index) => stampDraft(draft, index, index * 10, 'client-1'));
    expect(entries.map((entry) => entry.process)).toEqual(['client-1', 'client-1', 'nemesis', 'nemesis']);
    expect(entries.filter((entry) => isRecord(entry, 'dispatch')).map(attemptOfDispatch)).toEqual([1]);
    expect(entries.map(jobOf)).toEqual(['job-1', 'job-1', undefined, undefined]);
    expect(entries.map(nodeOf)).toEqual(['n1', undefined, undefined, undefined]);
  });

  it('stamps a draft as the world records it: index, time and process first', () => {
    const entry = stampDraft({ type: 'info', f: 'suspect', value: { node: 'n2' } }, 3, 40, 'coordinator');
    const placeFirst = '{"index":3,"timeMs":40,"process":"coordinator",';
    expect(JSON.stringify(entry)).toBe(`${placeFirst}"type":"info","f":"suspect","value":{"node":"n2"}}`);
  });

  // Referenced so that they are not unused; the type errors above are the test.
  it('has readers for every kind it names', () => {
    const readers = [jobOfCompletion, taskOfCompletion, attemptOfSuspicion, stateOfRead, stateOfInvoke, jobOfAny];
    expect(readers.every((reader) => typeof reader === 'function')).toBe(true);
  });
});
