import { z } from 'zod';

export const bookingSchema = z.object({
  service: z.number({ error: 'Choose a service.' }).int().positive('Choose a service.'),
  date: z.iso.date('Choose a day.'),
  start: z.string({ error: 'Choose a time.' }).min(1, 'Choose a time.'),
  notes: z.string().max(2000, 'Notes can be at most 2000 characters.'),
});
