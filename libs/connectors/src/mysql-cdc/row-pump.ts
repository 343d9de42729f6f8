// A SELECT's rows as they arrive, taken in runs: mysql2's 'result' events go into an array and the
// connection's socket is paused while `highWaterMark` rows wait. The snapshot reads a million rows
// this way; a Readable stream's async iterator spent a promise and an iterator result per row (a
// quarter of the snapshot's allocations), this spends one promise per run of rows.
import type { Connection } from 'mysql2/promise';

/** mysql2's callback connection and query emitter, as far as the pump uses them. */
interface RawConnection {
  query(sql: string): RawQuery;
  pause(): void;
  resume(): void;
}
interface RawQuery {
  on(event: 'result', f: (row: Record<string, unknown>) => void): RawQuery;
  on(event: 'error', f: (e: Error) => void): RawQuery;
  on(event: 'end', f: () => void): RawQuery;
}

export class RowPump {
  private rows: Record<string, unknown>[] = [];
  private ended = false;
  private failure: Error | null = null;
  private paused = false;
  private wake: (() => void) | null = null;
  private readonly raw: RawConnection;

  constructor(conn: Connection, sql: string, highWaterMark: number) {
    this.raw = (conn as unknown as { connection: RawConnection }).connection;
    this.raw
      .query(sql)
      .on('result', (row) => {
        this.rows.push(row);
        if (this.rows.length >= highWaterMark && !this.paused) {
          this.paused = true;
          this.raw.pause();
        }
        this.notify();
      })
      .on('error', (e) => {
        this.failure ??= e;
        this.notify();
      })
      .on('end', () => {
        this.ended = true;
        this.notify();
      });
  }

  /** Every row that arrived since the last take (waiting for one); null once the query has ended. */
  async take(): Promise<Record<string, unknown>[] | null> {
    while (this.rows.length === 0) {
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
    const out = this.rows;
    this.rows = [];
    if (this.paused) {
      this.paused = false;
      this.raw.resume();
    }
    return out;
  }

  private notify(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }
}
