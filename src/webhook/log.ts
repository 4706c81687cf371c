/** Structured logs: one JSON object per line (time, level, msg, fields), to stderr by default. */
export type Level = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: Level, msg: string, fields?: Record<string, unknown>): void;
}

export function jsonLogger(out: { write(s: string): unknown } = process.stderr, now: () => Date = () => new Date()): Logger {
  return {
    log(level, msg, fields = {}) {
      out.write(`${JSON.stringify({ time: now().toISOString(), level, msg, ...fields })}\n`);
    },
  };
}
