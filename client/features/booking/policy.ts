// The customer's cancellation policy, as the server applies it: changes (cancel,
// reschedule) are allowed until `cancellation_notice_hours` before the start.
import { ApiError } from '@/lib/api';
import type { Appointment, AppointmentStatus } from '@/lib/types';

const CHANGEABLE: ReadonlySet<AppointmentStatus> = new Set(['pending', 'confirmed']);

/** The last moment (ms since the epoch) the customer may change an appointment starting at `start`. */
export function changeDeadline(start: string, noticeHours: number): number {
  return Date.parse(start) - noticeHours * 3_600_000;
}

/** Whether the customer may still cancel or reschedule it themselves. */
export function canChange(
  appointment: Pick<Appointment, 'start' | 'status'>,
  noticeHours: number,
  now: number = Date.now(),
): boolean {
  return CHANGEABLE.has(appointment.status) && now < changeDeadline(appointment.start, noticeHours);
}

export function policyText(noticeHours: number): string {
  return `Changes are possible until ${noticeHours} ${noticeHours === 1 ? 'hour' : 'hours'} before; please call us.`;
}

/** A server refusal of a cancel or reschedule as a sentence for the customer. */
export function changeErrorMessage(error: unknown, noticeHours: number): string {
  if (error instanceof ApiError) {
    switch (error.code) {
      case 'too_late_to_change':
        return `It is too late to change this appointment online. ${policyText(noticeHours)}`;
      case 'slot_unavailable':
        return 'That time was just taken. Please pick another one.';
      case 'customer_overlap':
        return 'You already have another appointment at that time. Please pick another one.';
      case 'stale':
        return 'This appointment was changed in the meantime; it now shows the latest details. Please check and try again.';
      case 'invalid_transition':
        return 'This appointment can no longer be changed.';
      case 'outside_business_hours':
        return 'We are closed at that time. Please pick another one.';
      default:
        return error.message || 'Something went wrong. Please try again.';
    }
  }
  return error instanceof Error ? error.message : 'Something went wrong. Please try again.';
}
