/**
 * The workflow bundle's entry point: every workflow function the worker can run. The driver and
 * the client are faultline's own; the rest belong to the registered strategies. A new strategy
 * adds its exports here.
 */
export { faultlineBrokerWorkflow } from '../simulator/broker/workflow.js';
export { faultlineClientWorkflow } from '../simulator/driver/client-workflow.js';
export { faultlineDriver } from '../simulator/driver/driver.js';
export { statefulAgentWorkflow, statefulCoordinatorWorkflow } from './stateful/workflows.js';
