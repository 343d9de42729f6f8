// The PostgreSQL CDC task (one per connector): from the stored offset and snapshot.mode decides
// between the initial snapshot (slot created with an exported snapshot) and streaming from the
// slot; acknowledges to the server only the LSN whose records the runtime committed (commit()), so
// WAL is freed only once the changes are durable in Kafka.
import {
  ConnectException,
  type Props,
  type RecordMetadata,
  type SourceMap,
  type SourceRecord,
} from '@libs/connect-spi';
import { CdcSourceTask } from '../debezium';
import type { EgressPolicy } from '../egress/egress-policy';
import { unwrapRecords } from '../mysql-cdc/after-state-only';
import { compilePgTable, PgCaptureScope, readPgTables } from './catalog';
import { openPgClient, openReplicationClient, resolvePgEndpoint, type PgEndpoint } from './pg-connection';
import { lsnToNumber } from './lsn';
import { parsePgOffset, pgSourcePartition, type PgOffset } from './pg-offset';
import { PgoutputStream } from './pgoutput-stream';
import { parsePostgresCdcConfig, type PostgresCdcConfig } from './postgres-cdc-config';
import { pgServerProblems } from './server-checks';
import { createSlot, dropSlot, ensurePublication, slotExists } from './slot-and-publication';
import { beginPgSnapshot, pgSnapshotBatches } from './snapshot';

export const POSTGRES_CDC_VERSION = '3.2.0';

export class PostgresCdcTask extends CdcSourceTask {
  /** Tests / embedders: the egress policy for database.hostname (default: process-wide). */
  static egressPolicyOverride: EgressPolicy | null = null;

  private c: PostgresCdcConfig | null = null;
  private ep: PgEndpoint | null = null;
  private scope: PgCaptureScope | null = null;
  private stream: PgoutputStream | null = null;
  private resume: PgOffset | null = null;
  private emitted = 0;
  private committed = 0;
  private emittedBeforeStream = 0;
  private lastOffset: SourceMap | null = null;

  version(): string {
    return POSTGRES_CDC_VERSION;
  }

  async start(props: Props): Promise<void> {
    const c = parsePostgresCdcConfig(props);
    this.c = c;
    this.ep = await resolvePgEndpoint(c, PostgresCdcTask.egressPolicyOverride ?? undefined);
    this.scope = new PgCaptureScope(c);
    const stored = parsePgOffset(
      (await this.context?.offsetStorageReader.offset(pgSourcePartition(c.topicPrefix))) ?? null,
    );
    const client = await openPgClient(c, this.ep);
    let keep = false;
    try {
      const problems = Object.values(await pgServerProblems(client, c)).flat();
      if (problems.length > 0) throw new ConnectException(problems[0]);
      await ensurePublication(client, c, await readPgTables(client, this.scope));
      const exists = await slotExists(client, c);
      if (stored && !stored.snapshot) {
        if (exists) {
          this.resume = stored;
          return;
        }
        if (c.snapshotMode !== 'when_needed')
          throw new ConnectException(
            `The replication slot '${c.slotName}' no longer exists, so the changes after LSN ${stored.lsn} are lost to this connector. ` +
              'Set snapshot.mode=when_needed to take a new snapshot, or delete the connector offsets.',
          );
      }
      if (c.snapshotMode === 'no_data') {
        if (!exists) await this.createSlotOnly();
        return;
      }
      // a snapshot (first start, or one interrupted): a fresh slot gives the consistent point
      if (exists) await dropSlot(client, c.slotName, true);
      const repl = await openReplicationClient(c, this.ep);
      try {
        const slot = await createSlot(repl, c);
        const start = await beginPgSnapshot(client, c, this.scope, slot.snapshotName, slot.consistentPoint);
        this.snapshot = {
          batches: pgSnapshotBatches(client, c, start),
          end: () => client.end(),
          destroy: () => client.end().catch(() => undefined),
        };
        keep = true;
      } finally {
        await repl.end().catch(() => undefined);
      }
    } finally {
      if (!keep) await client.end().catch(() => undefined);
    }
  }

  private async createSlotOnly(): Promise<void> {
    const repl = await openReplicationClient(this.c!, this.ep!);
    try {
      await createSlot(repl, this.c!);
    } finally {
      await repl.end().catch(() => undefined);
    }
  }

  protected settings(): PostgresCdcConfig | null {
    return this.c;
  }

  protected async streamed(max: number, waitMs: number): Promise<SourceRecord[]> {
    if (!this.stream) await this.startStream();
    return this.stream!.take(max, waitMs);
  }

  protected heartbeatPosition(): { partition: SourceMap; offset: SourceMap } | null {
    return this.lastOffset ? { partition: pgSourcePartition(this.c!.topicPrefix), offset: this.lastOffset } : null;
  }

  private async startStream(): Promise<void> {
    const c = this.c!;
    const client = await openPgClient(c, this.ep!);
    let tables;
    let confirmed: number;
    try {
      tables = (await readPgTables(client, this.scope!)).map((d) => compilePgTable(c, d));
      const r = await client.query<{ lsn: string | null }>(
        'SELECT confirmed_flush_lsn::text AS lsn FROM pg_replication_slots WHERE slot_name = $1',
        [c.slotName],
      );
      confirmed = r.rows[0]?.lsn ? lsnToNumber(r.rows[0].lsn) : 0;
    } finally {
      await client.end().catch(() => undefined);
    }
    this.emittedBeforeStream = this.emitted;
    this.stream = new PgoutputStream(c, this.ep!, this.scope!, this.resume, confirmed, c.maxBatchSize * 4);
    await this.stream.start(tables);
  }

  protected out(records: SourceRecord[]): SourceRecord[] {
    const out = this.c?.afterStateOnly ? unwrapRecords(records) : records;
    this.emitted += out.length;
    this.stream?.noteEmitted(out.length);
    const last = out[out.length - 1];
    if (last?.sourceOffset) this.lastOffset = last.sourceOffset;
    return out;
  }

  override commitRecord(_record: SourceRecord, _metadata: RecordMetadata | null): void {
    this.committed++;
  }

  /**
   * The runtime stored the offsets of the records acknowledged before its commit began: free the WAL
   * behind them. commitRecord() may have counted records acknowledged since (the commit runs beside
   * the poll loop, as in Kafka Connect), so the LSN is capped by the stored offset: up to the
   * transaction before the stored one (that one may be stored in part; a restart skips what of it
   * was delivered).
   */
  override async commit(): Promise<void> {
    const s = this.stream;
    const reader = this.context?.offsetStorageReader;
    if (!s || !reader) return;
    const stored = parsePgOffset(await reader.offset(pgSourcePartition(this.c!.topicPrefix)));
    if (this.stream !== s || stored?.lsnCommit == null) return; // stopped meanwhile, or nothing streamed stored yet
    const lsn = Math.min(s.flushableLsn(this.committed - this.emittedBeforeStream), stored.lsnCommit - 1);
    if (lsn > s.acknowledged) await s.acknowledge(lsn);
  }

  async stop(): Promise<void> {
    this.stopper.stop();
    await this.stream?.stop();
    this.stream = null;
    await this.releaseSnapshot();
  }
}
