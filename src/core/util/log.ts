/** Log levels, most detailed first (VS Code's `LogLevel` order); `off` writes nothing. */
export type LogLevel = 'trace' | 'debug' | 'info' | 'warning' | 'error' | 'off';
type Written = Exclude<LogLevel, 'off'>;

/** A log line, or what builds it: a builder is called only when the log will show its level. */
export type LogLine = string | (() => string);

/** Where lines go, and the level it shows from (read at each line: the user may change it at any time). */
export interface LogSink {
  level(): LogLevel;
  write(level: Written, line: string): void;
}

const ORDER: Record<LogLevel, number> = { trace: 1, debug: 2, info: 3, warning: 4, error: 5, off: 6 };

/**
 * The log as core writes it: a line is built only if the sink's level shows it, so a trace line on the request path
 * costs one comparison when tracing is off (the shipped level is info).
 */
export class LevelledLog {
  constructor(private readonly sink: LogSink) {}

  shows(level: Written): boolean {
    return ORDER[level] >= ORDER[this.sink.level()];
  }

  trace(line: LogLine): void {
    this.write('trace', line);
  }
  debug(line: LogLine): void {
    this.write('debug', line);
  }
  info(line: LogLine): void {
    this.write('info', line);
  }
  warn(line: LogLine): void {
    this.write('warning', line);
  }
  error(line: LogLine): void {
    this.write('error', line);
  }

  private write(level: Written, line: LogLine): void {
    if (this.shows(level)) this.sink.write(level, typeof line === 'function' ? line() : line);
  }
}
