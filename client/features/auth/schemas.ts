import { z } from 'zod';

export const loginSchema = z.object({
  email: z.email('Enter a valid email address.'),
  password: z.string().min(1, 'Enter your password.'),
});

export const registerSchema = z.object({
  name: z.string().trim().min(1, 'Enter your name.').max(120, 'At most 120 characters.'),
  email: z.email('Enter a valid email address.').max(254),
  phone: z
    .string()
    .trim()
    .max(32, 'At most 32 characters.')
    .regex(/^[0-9+()\-.\s]*$/, 'Use digits, spaces and + ( ) - only.'),
  password: z.string().min(8, 'Use at least 8 characters.').max(128),
});

export type LoginInput = z.infer<typeof loginSchema>;
export type RegisterInput = z.infer<typeof registerSchema>;

export const resetRequestSchema = z.object({ email: z.email('Enter a valid email address.') });

export const resetConfirmSchema = z
  .object({
    new_password: z.string().min(8, 'Use at least 8 characters.').max(128),
    repeat: z.string(),
  })
  .refine((v) => v.new_password === v.repeat, { message: 'The two passwords differ.', path: ['repeat'] });
