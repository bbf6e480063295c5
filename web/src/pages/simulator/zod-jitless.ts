/**
 * Imported first by the simulator's modules, before any zod schema is built: zod decides
 * at a schema's construction whether to compile its parser with `new Function`, probing
 * eval once. The server's CSP forbids eval (script-src 'self', no 'unsafe-eval'), so the
 * probe could only fail and file a CSP violation; with `jitless` it never runs.
 */
import { z } from 'zod';

z.config({ jitless: true });
