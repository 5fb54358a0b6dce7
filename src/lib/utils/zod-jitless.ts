import { z } from 'zod';

/*
 * Zod probes `new Function('')` once to decide whether to compile object parsers; under our CSP
 * (no 'unsafe-eval' in production) that probe is a CSP violation report in the console. Client
 * modules that parse with Zod import this module first; `jitless` parses without compiling.
 */
z.config({ jitless: true });
