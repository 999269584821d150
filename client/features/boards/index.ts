export { BoardsList } from './BoardsList';
export { BoardView } from './BoardView';
