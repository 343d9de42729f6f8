// The parse every CDC connector's configuration starts with: the definition's own errors, then the
// connector's cross-property checks, the first thrown as Kafka Connect's ConfigException; then the
// properties all of them share, typed once.
import { ConfigException, Password, type ConfigDef, type Props } from '@libs/connect-spi';
import type { NameAdjustmentMode } from './naming';

/** The parsed values, and readers for a trimmed string and an optional comma list. */
export interface CdcValues {
  v: Readonly<Record<string, unknown>>;
  s(key: string): string;
  list(key: string): string | undefined;
}

/** The properties MySQL/MariaDB and PostgreSQL CDC share, as their configs hold them. */
export interface CommonCdcConfig {
  hostname: string;
  port: number;
  user: string;
  password: string;
  topicPrefix: string;
  tableInclude?: string;
  tableExclude?: string;
  columnInclude?: string;
  columnExclude?: string;
  tombstonesOnDelete: boolean;
  afterStateOnly: boolean;
  skippedOperations: Set<string>;
  heartbeatIntervalMs: number;
  heartbeatTopicPrefix: string;
  maxBatchSize: number;
  pollIntervalMs: number;
  connectTimeoutMs: number;
  nameAdjustment: NameAdjustmentMode;
}

export function parseCdcValues(
  def: ConfigDef,
  props: Props,
  problems: Record<string, string[]>,
): { values: CdcValues; common: CommonCdcConfig } {
  const parsed = def.parseWithErrors(props);
  const first = Object.entries({ ...parsed.errors, ...problems })[0];
  if (first) throw ConfigException.forKey(first[0], first[1][0]!);
  const v = parsed.values;
  const s = (k: string) => String(v[k] ?? '');
  const list = (k: string): string | undefined => {
    const raw = v[k];
    const text = Array.isArray(raw) ? raw.join(',') : String(raw ?? '');
    return text.trim() ? text : undefined;
  };
  const pw = v['database.password'];
  const skipped = new Set((list('skipped.operations') ?? '').split(',').map((x) => x.trim()));
  skipped.delete('none');
  return {
    values: { v, s, list },
    common: {
      hostname: s('database.hostname').trim(),
      port: Number(v['database.port']),
      user: s('database.user'),
      password: pw instanceof Password ? pw.value() : pw === null || pw === undefined ? '' : String(pw),
      topicPrefix: s('topic.prefix').trim(),
      tableInclude: list('table.include.list'),
      tableExclude: list('table.exclude.list'),
      columnInclude: list('column.include.list'),
      columnExclude: list('column.exclude.list'),
      tombstonesOnDelete: v['tombstones.on.delete'] === true,
      afterStateOnly: v['after.state.only'] === true,
      skippedOperations: skipped,
      heartbeatIntervalMs: Number(v['heartbeat.interval.ms']),
      heartbeatTopicPrefix: s('topic.heartbeat.prefix'),
      maxBatchSize: Number(v['max.batch.size']),
      pollIntervalMs: Number(v['poll.interval.ms']),
      connectTimeoutMs: Number(v['connect.timeout.ms']),
      nameAdjustment: s('schema.name.adjustment.mode') as NameAdjustmentMode,
    },
  };
}
