// Validates the client's environment once, when the app starts.
// NEXT_PUBLIC_API_URL is the only URL variable: empty or unset means the API and
// Socket.IO live on the same origin as the page (the static export served by Django).
import { z } from 'zod';

const schema = z.object({
  NEXT_PUBLIC_API_URL: z
    .union([z.literal(''), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL or empty' })])
    .optional(),
});

function load(): { apiUrl: string } {
  // Next.js inlines NEXT_PUBLIC_* only when written out literally like this.
  const parsed = schema.safeParse({ NEXT_PUBLIC_API_URL: process.env.NEXT_PUBLIC_API_URL });
  if (!parsed.success) {
    throw new Error(`Invalid client environment: ${z.prettifyError(parsed.error)}`);
  }
  return { apiUrl: (parsed.data.NEXT_PUBLIC_API_URL ?? '').replace(/\/+$/, '') };
}

export const env = load();
