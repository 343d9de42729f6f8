// A connector's own log (issue 17): the lines its tasks log on this worker, kept in Postgres for the
// logs API. Lines are buffered and written once a second in one statement; a connector's secrets
// (the plaintext of its sealed config values) are redacted before a line leaves the task; when the
// database is slow the buffer is bounded and what does not fit is counted, not kept (the process
// log still has every line). Which lines are kept is decided at the flush by the logger levels of
// the connector's cluster (/admin/loggers; INFO and above by default), read fresh enough there.
import type { ConnectorLogEntry } from '@libs/db';
import { background } from './guard';
import { ConnectorLogLevels, type ConnectorLogger, type LoggerLevelSource } from './connector-log-levels';
import type { RuntimeLog } from './runtime-log';

export const REDACTED = '[redacted]';
/** Shorter values would redact ordinary words. */
const MIN_SECRET_LENGTH = 4;

/** `text` with every occurrence of each secret replaced. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= MIN_SECRET_LENGTH) out = out.split(s).join(REDACTED);
  return out;
}

/** What tasks hand their lines to; `from` (the connector's logger) subjects a line to its level. */
export interface ConnectorLogSink {
  push(entry: Omit<ConnectorLogEntry, 'time'>, secrets: readonly string[], from?: ConnectorLogger): void;
}

type BufferedLine = ConnectorLogEntry & { from?: ConnectorLogger };

export class ConnectorLogCapture implements ConnectorLogSink {
  private buffer: BufferedLine[] = [];
  /** Without a level source (tests), the default levels apply: INFO and above. */
  private readonly levels: ConnectorLogLevels;
  private timer: NodeJS.Timeout | undefined;
  /** Lines not kept because the buffer was full (the database was slow or down). */
  dropped = 0;

  constructor(
    private readonly writer: { append(lines: ConnectorLogEntry[]): Promise<number> } & Partial<LoggerLevelSource>,
    private readonly log: RuntimeLog,
    private readonly opts: { flushMs: number; maxBuffered: number } = { flushMs: 1000, maxBuffered: 10_000 },
  ) {
    this.levels = new ConnectorLogLevels({
      loggerLevels: (ids) => writer.loggerLevels?.(ids) ?? Promise.resolve([]),
    });
  }

  start(): void {
    this.timer = setInterval(
      () => background(this.log, 'connector log lines not written', {}, () => this.flush()),
      this.opts.flushMs,
    );
    this.timer.unref();
  }

  push(entry: Omit<ConnectorLogEntry, 'time'>, secrets: readonly string[], from?: ConnectorLogger): void {
    if (this.buffer.length >= this.opts.maxBuffered) {
      this.dropped++;
      return;
    }
    this.buffer.push({
      ...entry,
      time: new Date(),
      message: redactSecrets(entry.message, secrets),
      exception: entry.exception ? redactSecrets(entry.exception, secrets) : null,
      ...(from ? { from } : {}),
    });
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    // before taking the buffer: if the levels cannot be read, the lines wait for the next flush
    await this.levels.refresh(this.buffer.flatMap((l) => (l.from ? [l.from.clusterId] : [])));
    const lines = this.buffer.filter((l) => !l.from || this.levels.enabled(l.from, l.level));
    this.buffer = [];
    if (lines.length === 0) return;
    try {
      await this.writer.append(lines.map(({ from: _from, ...line }) => line));
    } catch (e) {
      // kept for the next flush, oldest first, as far as the bound allows
      const room = this.opts.maxBuffered - this.buffer.length;
      this.dropped += Math.max(0, lines.length - room);
      this.buffer = [...lines.slice(0, Math.max(0, room)), ...this.buffer];
      throw e;
    }
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush().catch((e: unknown) =>
      this.log('warn', 'connector log lines not written', { error: (e as Error).message }),
    );
  }
}
