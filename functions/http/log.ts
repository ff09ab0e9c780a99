/**
 * Structured JSON log lines for CloudWatch. Callers pass identifiers and outcomes only: never tokens,
 * headers or form contents. `LOG_LEVEL` (debug, info, warn, error; default info) filters them.
 */
const LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LEVELS)[number];

export function log(level: LogLevel, fields: Record<string, unknown>): void {
  const threshold = LEVELS.indexOf((process.env.LOG_LEVEL as LogLevel | undefined) ?? 'info');
  if (LEVELS.indexOf(level) < Math.max(threshold, 0)) return;
  const line = JSON.stringify({ level, time: new Date().toISOString(), ...fields });
  if (level === 'error') console.error(line);
  else if (level === 'warn') console.warn(line);
  else console.log(line);
}
