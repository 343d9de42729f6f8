// Drives a CDC source task without the runtime: an in-memory offset store that "commits" the
// offset of every record polled (as the runtime does once the broker acknowledged them), and
// helpers to poll until a condition holds. Used by the MySQL/MariaDB CDC task tests.
import { canonicalJson } from '@libs/canonical-json';
import type { Props, SourceMap, SourceRecord, SourceTask } from '@libs/connect-spi';
import { PrivateMariaDb } from '../private-mariadb';

export class MemoryOffsets {
  readonly byPartition = new Map<string, SourceMap>();
  commit(records: SourceRecord[]): void {
    for (const r of records)
      if (r.sourcePartition && r.sourceOffset)
        this.byPartition.set(canonicalJson(r.sourcePartition), JSON.parse(JSON.stringify(r.sourceOffset)) as SourceMap);
  }
  reader() {
    return {
      offset: async (p: SourceMap) => this.byPartition.get(canonicalJson(p)) ?? null,
      offsets: async (ps: SourceMap[]) => new Map(ps.map((p) => [p, this.byPartition.get(canonicalJson(p)) ?? null])),
    };
  }
}

export async function startTask(task: SourceTask, props: Props, offsets: MemoryOffsets): Promise<void> {
  task.initialize({ configs: props, offsetStorageReader: offsets.reader() });
  await task.start(props);
}

/** Polls (committing offsets) until `done(all)` or the timeout; returns everything polled. */
export async function pollUntil(
  task: SourceTask,
  offsets: MemoryOffsets,
  done: (all: SourceRecord[]) => boolean,
  timeoutMs = 20_000,
): Promise<SourceRecord[]> {
  const all: SourceRecord[] = [];
  const deadline = Date.now() + timeoutMs;
  while (!done(all)) {
    if (Date.now() > deadline) throw new Error(`timed out after ${all.length} records`);
    const batch = await task.poll();
    if (batch) {
      all.push(...batch);
      offsets.commit(batch);
    }
  }
  return all;
}

export const BINLOG_ARGS = (serverId = 11) => [
  '--log-bin=mysql-bin',
  '--binlog-format=ROW',
  '--binlog-row-image=FULL',
  `--server-id=${serverId}`,
];

/** The grants docs/connectors.md lists for a CDC user (MariaDB 10.5+ names). */
export const CDC_USER = { user: 'cdc', password: 'cdc-secret' };
export const CDC_GRANTS = 'SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE, BINLOG MONITOR';

/** A private MariaDB with the binlog as CDC needs it, and a CDC user with exactly the documented grants. */
export async function startBinlogMariaDb(serverId = 11): Promise<PrivateMariaDb> {
  const db = await PrivateMariaDb.create(BINLOG_ARGS(serverId));
  await db.query(`CREATE USER '${CDC_USER.user}'@'%' IDENTIFIED BY '${CDC_USER.password}'`);
  await db.query(`GRANT ${CDC_GRANTS} ON *.* TO '${CDC_USER.user}'@'%'`);
  return db;
}

export function cdcProps(db: PrivateMariaDb, extra: Record<string, string> = {}): Props {
  return {
    name: 'cdc-test',
    'connector.class': 'MariaDbCdcSource',
    'database.hostname': '127.0.0.1',
    'database.port': String(db.port),
    'database.user': CDC_USER.user,
    'database.password': CDC_USER.password,
    'topic.prefix': 'shop',
    'tasks.max': '1',
    'poll.interval.ms': '100',
    ...extra,
  };
}
