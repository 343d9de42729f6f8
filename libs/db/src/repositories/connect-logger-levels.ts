// Kafka Connect's logger levels (KIP-495) as the platform keeps them per Kafka cluster: log4j's
// level names and order, and which configured logger decides a name's level. Shared by the worker
// REST API (/admin/loggers) and the runtime (which connector log lines are kept).

/** log4j's levels, least severe first (ALL lets everything through, OFF nothing). */
export const LOG_LEVELS = ['ALL', 'TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL', 'OFF'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const ROOT_LOGGER = 'root';
/** The root logger's level until one is set (Kafka Connect's default log4j configuration). */
export const DEFAULT_ROOT_LEVEL: LogLevel = 'INFO';

export interface LoggerLevelSetting {
  logger: string;
  level: string;
}

/** A level name in any case (Kafka Connect accepts `debug`), or null when log4j has no such level. */
export function parseLogLevel(raw: string): LogLevel | null {
  const upper = raw.toUpperCase();
  return LOG_LEVELS.find((l) => l === upper) ?? null;
}

/** Whether `logger`'s level applies to `name`: itself, a dot-boundary prefix of it, or root. */
export function loggerCovers(logger: string, name: string): boolean {
  return logger === ROOT_LOGGER || logger === name || name.startsWith(`${logger}.`);
}

/**
 * The level that applies to `name`: the longest configured logger covering it (log4j's nearest
 * ancestor with a level), else root's, else the default.
 */
export function effectiveLogLevel(settings: readonly LoggerLevelSetting[], name: string): LogLevel {
  let best: LoggerLevelSetting | undefined;
  for (const s of settings) {
    if (s.logger === ROOT_LOGGER || !loggerCovers(s.logger, name)) continue;
    if (!best || s.logger.length > best.logger.length) best = s;
  }
  best ??= settings.find((s) => s.logger === ROOT_LOGGER);
  return (best && parseLogLevel(best.level)) ?? DEFAULT_ROOT_LEVEL;
}

/** Whether a line at `line` passes a logger at `threshold`. */
export function logLevelEnabled(threshold: LogLevel, line: LogLevel): boolean {
  return threshold !== 'OFF' && LOG_LEVELS.indexOf(line) >= LOG_LEVELS.indexOf(threshold);
}
