// Process-level safety net for the api, worker and broker. A promise rejection nobody handled is
// one request's or one connector's bug: log it and keep serving every other tenant. An uncaught
// exception may have left shared state half-updated: log it and exit non-zero, so the supervisor
// (`npm start`, systemd, Kubernetes) starts a clean process.
import { pino, type Logger } from 'pino';
import { LOG_LEVELS } from './env.schema';

export interface FaultLogger {
  error(obj: object, msg: string): void;
  fatal(obj: object, msg: string): void;
  flush?(): void;
}

const LEVELS = new Set<string>(LOG_LEVELS);

/**
 * The process's own pino logger (JSON lines on stdout), at LOG_LEVEL. It exists before the config is
 * loaded (it reports a failed load), so a bad LOG_LEVEL gives info here and stops loadConfig.
 */
export function processLogger(name: string, level = process.env.LOG_LEVEL): Logger {
  return pino({ name, level: level && LEVELS.has(level) ? level : 'info' });
}

export interface FaultHandlerOptions {
  /** How to end the process after an uncaught exception (tests replace it). */
  exit?: (code: number) => void;
}

/** Installs the handlers; returns a function removing them. */
export function installProcessFaultHandlers(log: FaultLogger, opts: FaultHandlerOptions = {}): () => void {
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  const onRejection = (reason: unknown) => {
    try {
      log.error({ err: reason }, 'unhandled promise rejection; the process keeps serving');
    } catch {
      // nothing left to report with
    }
  };
  const onException = (err: Error, origin: string) => {
    try {
      log.fatal({ err, origin }, 'uncaught exception; exiting so that the supervisor restarts the process');
      log.flush?.();
    } finally {
      exit(1);
    }
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return () => {
    process.off('unhandledRejection', onRejection);
    process.off('uncaughtException', onException);
  };
}
