export { orderWorkflow } from './order';
export { retentionWorkflow } from './retention';
