// Structured logs. Redaction keeps secrets out even when an object carrying one is logged.
import pino from 'pino';
import type { Logger } from 'pino';

export function createLogger(options: { level?: string } = {}): Logger {
  return pino({
    level: options.level ?? 'info',
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.signerKey'], censor: '[redacted]' },
  });
}
