// The publication and the replication slot, as publication.autocreate.mode and slot.name say
// (CDC.md §6.3): the publication is ensured first (a slot only decodes what a publication
// publishes), then the slot is created on a walsender connection, which returns the slot's
// consistent point and an exported snapshot the initial snapshot reads from.
import type { Client } from 'pg';
import { ConnectException } from '@libs/connect-spi';
import type { PgTableDef } from './column-def';
import { quoteIdent } from './pg-connection';
import type { PostgresCdcConfig } from './postgres-cdc-config';

export async function ensurePublication(client: Client, c: PostgresCdcConfig, tables: PgTableDef[]): Promise<void> {
  const pub = quoteIdent(c.publicationName);
  const exists =
    (await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [c.publicationName])).rowCount! > 0;
  const list = tables.map((t) => `${quoteIdent(t.schema)}.${quoteIdent(t.table)}`).join(', ');
  try {
    switch (c.publicationAutocreateMode) {
      case 'disabled':
        if (!exists)
          throw new ConnectException(
            `Publication '${c.publicationName}' does not exist and publication.autocreate.mode is disabled`,
          );
        return;
      case 'all_tables':
        if (!exists) await client.query(`CREATE PUBLICATION ${pub} FOR ALL TABLES`);
        return;
      case 'filtered':
        if (!exists) await client.query(`CREATE PUBLICATION ${pub}${list ? ` FOR TABLE ${list}` : ''}`);
        else if (list) await client.query(`ALTER PUBLICATION ${pub} SET TABLE ${list}`);
        return;
    }
  } catch (e) {
    if (e instanceof ConnectException) throw e;
    throw new ConnectException(
      `Unable to ${exists ? 'update' : 'create'} publication '${c.publicationName}' ` +
        `(publication.autocreate.mode=${c.publicationAutocreateMode}): ${(e as Error).message}. ` +
        'FOR ALL TABLES needs a superuser; filtered needs ownership of the captured tables; or create it yourself and set disabled.',
    );
  }
}

export async function slotExists(client: Client, c: PostgresCdcConfig): Promise<boolean> {
  const r = await client.query('SELECT 1 FROM pg_replication_slots WHERE slot_name = $1', [c.slotName]);
  return r.rowCount! > 0;
}

export interface CreatedSlot {
  consistentPoint: string;
  snapshotName: string;
}

/** CREATE_REPLICATION_SLOT on a replication connection; the snapshot lives until its next command. */
export async function createSlot(replication: Client, c: PostgresCdcConfig): Promise<CreatedSlot> {
  const r = await replication.query<{ consistent_point: string; snapshot_name: string }>(
    `CREATE_REPLICATION_SLOT ${quoteIdent(c.slotName)} LOGICAL pgoutput EXPORT_SNAPSHOT`,
  );
  const row = r.rows[0]!;
  return { consistentPoint: row.consistent_point, snapshotName: row.snapshot_name };
}

/**
 * Drops the slot; false when there was none. A walsender still holding it is ended first when
 * `terminateActive` (our own task re-snapshotting); else an active slot throws, for the caller to
 * retry later (a deleted connector's task may not have let go yet).
 */
export async function dropSlot(client: Client, slotName: string, terminateActive: boolean): Promise<boolean> {
  const r = await client.query<{ active_pid: string | null }>(
    'SELECT active_pid FROM pg_replication_slots WHERE slot_name = $1',
    [slotName],
  );
  if (r.rowCount === 0) return false;
  const pid = r.rows[0]!.active_pid;
  if (pid && !terminateActive)
    throw new ConnectException(`Replication slot '${slotName}' is still active (walsender pid ${pid})`);
  if (pid) await client.query('SELECT pg_terminate_backend($1)', [pid]).catch(() => undefined);
  for (let i = 0; ; i++) {
    try {
      await client.query('SELECT pg_drop_replication_slot($1)', [slotName]);
      return true;
    } catch (e) {
      const msg = (e as Error).message;
      if (/does not exist/.test(msg)) return false;
      if (i >= 20 || !/is active/.test(msg)) throw e;
      await new Promise((res) => setTimeout(res, 250));
    }
  }
}
