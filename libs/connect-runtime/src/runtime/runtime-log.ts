// The runtime's structured log: one event name and its fields per line (pino in apps/worker).
export type RuntimeLog = (level: 'info' | 'warn' | 'error', event: string, fields: Record<string, unknown>) => void;
