export { QueueView } from './QueueView';
