import { ConsoleLogger, LogLevel } from '@nestjs/common';

/** A log line with fields: `msg` is the text line (what text mode prints); the rest become JSON fields. */
export interface LogLine {
  msg: string;
  [field: string]: string | number | boolean | null;
}

export const logLine = (msg: string, fields: Omit<LogLine, 'msg'>): LogLine => ({ ...fields, msg });

function isLogLine(message: unknown): message is LogLine {
  return typeof message === 'object' && message !== null && typeof Reflect.get(message, 'msg') === 'string';
}

export type LogFormat = 'json' | 'text';

/** `auto` (LOG_FORMAT unset): text for a person at a terminal, JSON lines for everything else (files, collectors). */
export function resolveLogFormat(configured: LogFormat | 'auto', stdoutIsTty = process.stdout.isTTY === true): LogFormat {
  return configured === 'auto' ? (stdoutIsTty ? 'text' : 'json') : configured;
}

/**
 * Nest's console logger in one of two forms. JSON: one object per line with `level`, `pid`,
 * `timestamp` (ms), `context`, `message`, the fields of a `LogLine` (request id, actor, status,
 * ...) and `stack` for errors. Text: Nest's usual line, coloured only at a terminal.
 */
export class AppLogger extends ConsoleLogger {
  constructor(
    readonly format: LogFormat,
    logLevels: LogLevel[],
  ) {
    super(
      format === 'json'
        ? { json: true, colors: false, compact: true, logLevels }
        : { colors: process.stdout.isTTY === true, logLevels },
    );
  }

  protected override printMessages(
    messages: unknown[], context?: string, logLevel?: LogLevel, writeStreamType?: 'stdout' | 'stderr', errorStack?: unknown,
  ): void {
    const printable = this.format === 'json' ? messages : messages.map((m) => (isLogLine(m) ? m.msg : m));
    super.printMessages(printable, context, logLevel, writeStreamType, errorStack);
  }

  protected override getJsonLogObject(
    message: unknown, options: { context: string; logLevel: LogLevel; writeStreamType?: 'stdout' | 'stderr'; errorStack?: unknown },
  ) {
    const base = super.getJsonLogObject(message, options);
    if (!isLogLine(message)) return base;
    const { msg, ...fields } = message;
    return { ...fields, ...base, message: msg };
  }
}
