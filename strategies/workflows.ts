/**
 * The workflow bundle's entry point: every workflow function the worker can run. The driver and
 * the client are faultline's own; the rest belong to the registered strategies. A new strategy
 * adds its exports here.
 */
export { faultlineBrokerWorkflow } from '../simulator/broker/workflow.js';
export { faultlineClientWorkflow } from '../simulator/driver/client-workflow.js';
export { faultlineDriver } from '../simulator/driver/driver.js';
export { canaryOrchestratorWorkflow, canaryWorkerWorkflow } from './canary-2017/workflows.js';
export { roundRobinDispatcherWorkflow, roundRobinWorkerWorkflow } from './round-robin/workflows.js';
export { hybridAgentWorkflow, hybridApiWorkflow, hybridOrchestratorWorkflow, hybridSchedulerWorkflow } from './hybrid/workflows.js';
export { statefulAgentWorkflow, statefulCoordinatorWorkflow } from './stateful/workflows.js';
export { statelessGatewayWorkflow, statelessWorkerWorkflow } from './stateless/workflows.js';
