// Next.js runs this file on the client before any module of the app.
// Zod probes for eval (`new Function("")`) when it builds its first object schema, to
// compile faster parsers. The Content-Security-Policy forbids eval, and Chromium reports
// the probe as a violation even though Zod catches the error; jitless skips the probe
// (parsing gives the same results, interpreted). It must be set before any schema exists.
import { z } from 'zod';

z.config({ jitless: true });
