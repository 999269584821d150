export { BookingFlow } from './BookingFlow';
export { MyAppointments } from './MyAppointments';
