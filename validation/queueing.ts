/**
 * Textbook steady-state results for the queues the validation scenarios build, to hold the
 * simulator and every strategy to (docs/validation.md). Rates per millisecond, times in
 * milliseconds.
 *
 * - M/M/c (Erlang C): with offered load a = λ/μ and c servers, ρ = a/c < 1,
 *   P(wait) = C(c, a) = (aᶜ/c!)·(1/(1−ρ)) / (Σₖ₌₀^{c−1} aᵏ/k! + (aᶜ/c!)·(1/(1−ρ))),
 *   mean queue wait Wq = C(c, a) / (cμ − λ). M/M/1 is c = 1: P(wait) = ρ, Wq = ρ/(μ − λ).
 * - M/G/1 (Pollaczek–Khinchine): Wq = λ·E[S²] / (2(1 − ρ)); for M/D/1, E[S²] = E[S]², so
 *   Wq = ρ·E[S] / (2(1 − ρ)); P(wait) = ρ (PASTA: an arrival finds the server busy with the
 *   probability it is busy).
 * - utilisation: ρ = λ·E[S] / c; under overload (λ·E[S] ≥ c) the servers never idle and
 *   throughput equals capacity, c / E[S].
 *
 * Little's law (L = λW) is not a formula here but an identity the validation checks on every
 * run: the time-average number of tasks waiting times the measured time equals the sum of the
 * waits (docs/validation.md says how each side is measured).
 */

export interface QueueModel {
  /** Arrival rate λ (per ms). */
  readonly arrivalRate: number;
  /** Mean service time E[S] (ms). */
  readonly meanServiceMs: number;
  /** Servers (slots). */
  readonly servers: number;
  /** `exponential` (M/M/c) or `deterministic` (M/D/1). */
  readonly service: 'exponential' | 'deterministic';
}

export interface SteadyState {
  readonly utilisation: number;
  /** Probability that an arrival waits; null where no closed form is used (M/D/c with c > 1). */
  readonly waitProbability: number | null;
  /** Mean time in queue (ms); null under overload or without a closed form. */
  readonly meanQueueWaitMs: number | null;
  /** Tasks completed per ms in steady state: λ below capacity, c / E[S] at or above it. */
  readonly throughputPerMs: number;
}

/** Erlang's C formula: the probability that an arrival to an M/M/c queue with offered load `a` waits. */
export function erlangC(servers: number, offeredLoad: number): number {
  if (!(offeredLoad < servers)) return 1;
  // Σ aᵏ/k! term by term, so that neither aᶜ nor c! overflows for large c.
  let term = 1;
  let sum = 0;
  for (let k = 0; k < servers; k++) {
    sum += term;
    term *= offeredLoad / (k + 1);
  }
  const last = term / (1 - offeredLoad / servers);
  return last / (sum + last);
}

export function steadyState(model: QueueModel): SteadyState {
  const offeredLoad = model.arrivalRate * model.meanServiceMs;
  const utilisation = Math.min(1, offeredLoad / model.servers);
  const capacityPerMs = model.servers / model.meanServiceMs;
  const throughputPerMs = Math.min(model.arrivalRate, capacityPerMs);
  if (offeredLoad >= model.servers) return { utilisation, waitProbability: 1, meanQueueWaitMs: null, throughputPerMs };
  if (model.service === 'exponential') {
    const waitProbability = erlangC(model.servers, offeredLoad);
    return {
      utilisation,
      waitProbability,
      meanQueueWaitMs: waitProbability / (capacityPerMs - model.arrivalRate),
      throughputPerMs,
    };
  }
  if (model.servers !== 1) return { utilisation, waitProbability: null, meanQueueWaitMs: null, throughputPerMs };
  return {
    utilisation,
    waitProbability: utilisation,
    meanQueueWaitMs: (utilisation * model.meanServiceMs) / (2 * (1 - utilisation)),
    throughputPerMs,
  };
}
