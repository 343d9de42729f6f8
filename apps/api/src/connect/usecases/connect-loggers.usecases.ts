// Kafka Connect's logger levels (KIP-495, scope from KIP-976) for a Kafka cluster, behind the worker
// REST API's /admin/loggers. Kafka sets a level on one worker (scope=worker) or on all of them
// through the config topic (scope=cluster); here every worker running the cluster's connectors
// reads the cluster's stored levels, so both scopes set it for the whole cluster. The levels decide
// which of a connector's lines its log keeps (the runtime's ConnectorLogCapture).
import { Injectable } from '@nestjs/common';
import { ApiError } from '@libs/api-common';
import type { Principal } from '@libs/auth';
import {
  ConnectLoggerLevelRepository,
  effectiveLogLevel,
  parseLogLevel,
  ROOT_LOGGER,
  DEFAULT_ROOT_LEVEL,
  type ConnectLoggerLevel,
} from '@libs/db';
import { ConnectScope } from './connect-scope';

/** Kafka Connect's LoggerLevel: `last_modified` is when the API last changed it (ms), else null. */
export interface LoggerLevelInfo {
  level: string;
  last_modified: number | null;
}

/** Far above any class name, and within what a Postgres index entry can hold (≈ 2.7 kB). */
const MAX_LOGGER_NAME = 500;

const info = (row: Pick<ConnectLoggerLevel, 'level' | 'lastModified'>): LoggerLevelInfo => ({
  level: row.level,
  last_modified: row.lastModified.getTime(),
});

@Injectable()
export class ConnectLoggers {
  constructor(
    private readonly scope: ConnectScope,
    private readonly levels: ConnectLoggerLevelRepository,
  ) {}

  /** The loggers with a level set, and root (always), by name. */
  async list(p: Principal, env: string, lkc: string): Promise<Record<string, LoggerLevelInfo>> {
    const cluster = await this.scope.cluster(p, env, lkc);
    const rows = await this.levels.list(p.scope, cluster.id);
    const out: Record<string, LoggerLevelInfo> = {};
    const root = rows.find((r) => r.logger === ROOT_LOGGER);
    const names = [...new Set([ROOT_LOGGER, ...rows.map((r) => r.logger)])].sort();
    for (const name of names) {
      const row = rows.find((r) => r.logger === name);
      out[name] = row ? info(row) : { level: root?.level ?? DEFAULT_ROOT_LEVEL, last_modified: null };
    }
    return out;
  }

  /**
   * One logger: its own level, or the level it inherits. A logger exists (as in log4j once a class
   * asked for it) when it is root, has a level, or is an installed connector plugin's class; else 404.
   */
  async get(p: Principal, env: string, lkc: string, name: string): Promise<LoggerLevelInfo> {
    const cluster = await this.scope.cluster(p, env, lkc);
    const rows = await this.levels.list(p.scope, cluster.id);
    const row = rows.find((r) => r.logger === name);
    if (row) return info(row);
    const known = name === ROOT_LOGGER || this.scope.registry.list().some((plugin) => plugin.className === name);
    if (!known) throw new ApiError(404, 'not_found', `Logger ${name} not found.`);
    return { level: effectiveLogLevel(rows, name), last_modified: null };
  }

  /** Sets a logger and the configured loggers under it; the names it applied to (scope=worker's answer). */
  async set(p: Principal, env: string, lkc: string, name: string, body: unknown): Promise<string[]> {
    const cluster = await this.scope.cluster(p, env, lkc);
    const raw =
      body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>).level : null;
    if (raw === undefined || raw === null)
      throw new ApiError(400, 'bad_request', "Desired 'level' parameter was not specified in request.");
    // Kafka Connect answers an unknown level with 404, not 400
    const level = typeof raw === 'string' ? parseLogLevel(raw) : null;
    if (!level) throw new ApiError(404, 'not_found', `invalid log level '${String(raw)}'.`);
    if (name.length > MAX_LOGGER_NAME)
      throw new ApiError(400, 'bad_request', `Logger name is longer than ${MAX_LOGGER_NAME} characters.`);
    return this.levels.set(p.scope, cluster.id, name, level);
  }
}
