// The runtime's structured log: one event name and its fields per line (pino in apps/worker).
export type RuntimeLog = (
  level: 'debug' | 'info' | 'warn' | 'error',
  event: string,
  fields: Record<string, unknown>,
) => void;
