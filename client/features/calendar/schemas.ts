// The calendar's forms, checked before anything is sent (the server checks again).
import { z } from 'zod';
import { isValidDate } from './time';

/** A walk-in or phone customer: a name, and an email address or a phone number to reach them. */
export const newCustomerSchema = z
  .object({
    name: z.string().trim().min(1, 'Enter the customer’s name.'),
    email: z.string().trim(),
    phone: z.string().trim(),
  })
  .refine((v) => v.email !== '' || v.phone !== '', { message: 'Give an email address or a phone number.', path: ['phone'] });

/**
 * Booking an empty slot. Ids are 0 until chosen; the customer message depends on
 * whether a new customer is being added (then it has to be added first).
 */
export function slotBookingSchema(addingCustomer: boolean) {
  return z.object({
    customer: z
      .number()
      .int()
      .positive(addingCustomer ? 'Add the new customer first.' : 'Choose a customer, or add a new one.'),
    service: z.number().int().positive('Choose a service.'),
    start: z
      .object({ date: z.string(), time: z.string() })
      .refine(({ date, time }) => isValidDate(date) && /^\d{2}:\d{2}$/.test(time), 'Enter a date and a time.'),
    resource: z.number().int(),
    notes: z.string().trim(),
  });
}

export const appointmentNotesSchema = z.object({ notes: z.string() });
