import { Writable } from 'node:stream';
import { createLogger, type Logger } from '@/lib/observability/logger';

/** Log lines written by a captured logger, parsed from JSON. */
export type LogLines = Record<string, unknown>[];

/** A real (redacting) logger whose output a test can read line by line. */
export const captureLogger = (): { logger: Logger; lines: LogLines } => {
  const lines: LogLines = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n').filter((l) => l !== '')) {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), lines };
};
