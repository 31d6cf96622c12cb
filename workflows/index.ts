export { orderWorkflow } from './order';
export { retentionWorkflow } from './retention';
export { outboxDeliveryWorkflow } from './outbox-delivery';
