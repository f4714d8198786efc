// Structured logs. Redaction keeps secrets out even when an object carrying one is logged; it
// applies before formatting, so the pretty form carries no more than the JSON one.
//
// Format: JSON lines (one object per line, for a log collector) unless the server's standard
// output is a terminal, where a person reads it: then pino-pretty's one coloured line per record.
// KEYGATE_LOG_FORMAT=json|pretty overrides the guess.
import pino from 'pino';
import type { DestinationStream, Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'json' | 'pretty';

export interface LoggerOptions {
  readonly level?: string;
  readonly format?: LogFormat;
  /** Where records go; standard output by default. */
  readonly destination?: NodeJS.WritableStream;
}

/** The configured format, else pretty on a terminal and JSON otherwise. */
export function logFormatFor(output: { readonly isTTY?: boolean }, configured?: LogFormat): LogFormat {
  return configured ?? (output.isTTY === true ? 'pretty' : 'json');
}

function streamFor(format: LogFormat, destination: NodeJS.WritableStream | undefined): DestinationStream | undefined {
  if (format === 'pretty') {
    return pretty({ sync: true, singleLine: true, colorize: destination === undefined && process.stdout.isTTY === true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname', ...(destination === undefined ? {} : { destination }) });
  }
  return destination as DestinationStream | undefined;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const settings = {
    level: options.level ?? 'info',
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.signerKey'], censor: '[redacted]' },
  };
  const stream = streamFor(options.format ?? logFormatFor(process.stdout), options.destination);
  return stream === undefined ? pino(settings) : pino(settings, stream);
}
