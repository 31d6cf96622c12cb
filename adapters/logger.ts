/** Structured JSON logs. Citizen data and credentials are redacted wherever they might appear. */
import { pino, type Logger } from 'pino';

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: {
      paths: ['citizen', '*.citizen', 'description', '*.description', 'req.headers.authorization', 'authorization'],
      censor: '[redacted]',
    },
  });
}
export type { Logger };
