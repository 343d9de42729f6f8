// A connector's own log (issue 17): the lines its tasks log on this worker, kept in Postgres for the
// logs API. Lines are buffered and written once a second in one statement; a connector's secrets
// (the plaintext of its sealed config values) are redacted before a line leaves the task; when the
// database is slow the buffer is bounded and what does not fit is counted, not kept (the process
// log still has every line).
import type { ConnectorLogEntry } from '@libs/db';
import { background } from './guard';
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

/** What tasks hand their lines to. */
export interface ConnectorLogSink {
  push(entry: Omit<ConnectorLogEntry, 'time'>, secrets: readonly string[]): void;
}

export class ConnectorLogCapture implements ConnectorLogSink {
  private buffer: ConnectorLogEntry[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** Lines not kept because the buffer was full (the database was slow or down). */
  dropped = 0;

  constructor(
    private readonly writer: { append(lines: ConnectorLogEntry[]): Promise<number> },
    private readonly log: RuntimeLog,
    private readonly opts: { flushMs: number; maxBuffered: number } = { flushMs: 1000, maxBuffered: 10_000 },
  ) {}

  start(): void {
    this.timer = setInterval(
      () => background(this.log, 'connector log lines not written', {}, () => this.flush()),
      this.opts.flushMs,
    );
    this.timer.unref();
  }

  push(entry: Omit<ConnectorLogEntry, 'time'>, secrets: readonly string[]): void {
    if (this.buffer.length >= this.opts.maxBuffered) {
      this.dropped++;
      return;
    }
    this.buffer.push({
      ...entry,
      time: new Date(),
      message: redactSecrets(entry.message, secrets),
      exception: entry.exception ? redactSecrets(entry.exception, secrets) : null,
    });
  }

  async flush(): Promise<void> {
    if (this.buffer.length === 0) return;
    const lines = this.buffer;
    this.buffer = [];
    try {
      await this.writer.append(lines);
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
