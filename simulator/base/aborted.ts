/** Raised to the runner when the simulation cannot go on (a bug, never a simulated fault). Either runtime raises it. */
export class SimulationAborted extends Error {
  constructor(
    message: string,
    readonly componentId?: string,
  ) {
    super(message);
    this.name = 'SimulationAborted';
  }
}
