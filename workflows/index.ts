export { orderWorkflow } from './order';
export { retentionWorkflow } from './retention';
export { dispatchTrainingWorkflow } from './dispatch-training';
export { inspectionDrawWorkflow } from './inspection';
export { outboxDeliveryWorkflow } from './outbox-delivery';
export { policyPreviewWorkflow } from './policy-preview';
