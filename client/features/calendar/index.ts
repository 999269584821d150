export { CalendarView } from './CalendarView';
export { isValidDate } from './time';
export type { CalendarView as CalendarViewName } from './time';
