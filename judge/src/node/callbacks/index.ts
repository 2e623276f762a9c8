export { CallbackRefused, type CallbackTarget, callbackTarget, nonPublic, type Resolver } from './address.js';
export { type Delivery, type DeliveryOutcome, deliver, worthRetrying } from './deliver.js';
export {
  CallbackQueue,
  type CallbackWorkerDeps,
  CallbackWorkers,
  callbackMessage,
  callbackQueueName,
} from './queue.js';
