// The CDC task (one per connector): decides between snapshot and streaming from the stored offset
// and snapshot.mode (CDC.md §6), runs the consistent snapshot, then streams the binlog from the
// snapshot's (or the offset's) position; heartbeats carry the position while nothing changes.
import type { Connection } from 'mysql2/promise';
import { ConnectException, type Props, type SourceMap, type SourceRecord } from '@libs/connect-spi';
import { CdcSourceTask, snapshotBatchSize } from '../debezium';
import type { EgressPolicy } from '../egress/egress-policy';
import { CaptureScope, readTableDefs } from './catalog';
import { parseOffset, sourcePartition } from './binlog-offset';
import { BinlogStream, type StreamStart } from './binlog-stream';
import { openConnection, resolveEndpoint, type ResolvedEndpoint } from './connection';
import { parseMySqlCdcConfig, type CdcFlavor, type MySqlCdcConfig } from './mysql-cdc-config';
import { SchemaHistory } from './schema-history';
import { binlogFiles, serverProblems } from './server-checks';
import { beginSnapshot, currentPosition, snapshotBatches } from './snapshot';
import { unwrapRecords } from './after-state-only';

export const MYSQL_CDC_VERSION = '3.2.0';

export abstract class BinlogCdcTask extends CdcSourceTask {
  /** Tests / embedders: the egress policy for database.hostname (default: process-wide). */
  static egressPolicyOverride: EgressPolicy | null = null;

  protected abstract readonly flavor: CdcFlavor;
  private c: MySqlCdcConfig | null = null;
  private ep: ResolvedEndpoint | null = null;
  private scope: CaptureScope | null = null;
  private pendingStream: StreamStart | null = null;
  private history: SchemaHistory | null = null;
  private stream: BinlogStream | null = null;

  version(): string {
    return MYSQL_CDC_VERSION;
  }

  async start(props: Props): Promise<void> {
    const c = parseMySqlCdcConfig(props, this.flavor);
    this.c = c;
    this.ep = await resolveEndpoint(c, BinlogCdcTask.egressPolicyOverride ?? undefined);
    this.scope = new CaptureScope(c);
    const stored = parseOffset(
      (await this.context?.offsetStorageReader.offset(sourcePartition(c.topicPrefix))) ?? null,
    );
    const conn = await openConnection(c, this.ep);
    let keep = false;
    try {
      const problems = Object.values(await serverProblems(conn, c.flavor)).flat();
      if (problems.length > 0) throw new ConnectException(problems[0]);
      if (stored && !stored.snapshot) {
        const files = await binlogFiles(conn);
        if (!files.includes(stored.file)) {
          if (c.snapshotMode !== 'when_needed')
            throw new ConnectException(
              `The connector is trying to read binlog starting at file=${stored.file}, pos=${stored.pos}` +
                `${stored.gtids ? `, gtids=${stored.gtids}` : ''}, but this is no longer available on the server ` +
                `(its oldest binlog is ${files[0] ?? 'none'}). Reconfigure the connector to use a snapshot when needed ` +
                '(snapshot.mode=when_needed) or delete its offsets so it takes a new snapshot.',
            );
          keep = await this.beginSnapshot(conn);
          return;
        }
        const history =
          SchemaHistory.fromOffset(c, this.scope, stored.historyRaw) ??
          new SchemaHistory(c, this.scope, await readTableDefs(conn, this.scope));
        this.history = history;
        this.pendingStream = {
          file: stored.file,
          pos: stored.pos,
          gtids: stored.gtids,
          skipEvents: stored.event,
          skipRows: stored.row,
        };
        return;
      }
      if (c.snapshotMode === 'initial' || c.snapshotMode === 'initial_only' || c.snapshotMode === 'when_needed') {
        keep = await this.beginSnapshot(conn);
        return;
      }
      // no_data / recovery / never: structures only, streaming from now (never: from the oldest binlog)
      this.history = new SchemaHistory(c, this.scope, await readTableDefs(conn, this.scope));
      const pos = await currentPosition(conn, c.flavor);
      if (c.snapshotMode === 'never') {
        const files = await binlogFiles(conn);
        this.pendingStream = { file: files[0] ?? pos.file, pos: 4, gtids: null, skipEvents: 0, skipRows: 0 };
      } else this.pendingStream = { ...pos, skipEvents: 0, skipRows: 0 };
    } finally {
      if (!keep) await conn.end().catch(() => undefined);
    }
  }

  /** Takes the snapshot transaction on `conn` (kept open until the rows are read). */
  private async beginSnapshot(conn: Connection): Promise<boolean> {
    const c = this.c!;
    const start = await beginSnapshot(conn, c, this.scope!);
    this.history = start.history;
    this.pendingStream = { ...start.position, skipEvents: 0, skipRows: 0 };
    this.snapshot = {
      batches: snapshotBatches(conn, c, start, snapshotBatchSize(c.maxBatchSize)),
      end: () => conn.end(),
      destroy: () => conn.destroy(),
    };
    return true;
  }

  protected settings(): MySqlCdcConfig | null {
    return this.c;
  }

  protected async streamed(max: number, waitMs: number): Promise<SourceRecord[]> {
    if (!this.stream) {
      this.stream = new BinlogStream(this.c!, this.ep!, this.scope!, this.history!, this.pendingStream!, max * 4);
      this.stream.start();
    }
    return this.stream.take(max, waitMs);
  }

  protected heartbeatPosition(): { partition: SourceMap; offset: SourceMap } | null {
    return this.stream ? { partition: sourcePartition(this.c!.topicPrefix), offset: this.stream.currentOffset } : null;
  }

  protected out(records: SourceRecord[]): SourceRecord[] {
    return this.c?.afterStateOnly ? unwrapRecords(records) : records;
  }

  async stop(): Promise<void> {
    this.stopper.stop();
    this.stream?.stop();
    this.stream = null;
    await this.releaseSnapshot();
  }
}

export class MySqlCdcTask extends BinlogCdcTask {
  protected readonly flavor = 'mysql' as const;
}

export class MariaDbCdcTask extends BinlogCdcTask {
  protected readonly flavor = 'mariadb' as const;
}
