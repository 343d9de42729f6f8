// The cross-property checks every Debezium-style source makes the same way: topic.prefix's
// characters, include/exclude lists (one of each pair, valid regular expressions), max.batch.size,
// one task, skipped.operations. Each source adds its own (slot names, server ids).
import type { Props } from '@libs/connect-spi';
import { invalidPattern } from './filters';

export type ProblemSink = (property: string, message: string) => void;

export function checkCommonCdcProps(
  props: Props,
  add: ProblemSink,
  opts: {
    /** The container level of the include/exclude lists: `database` (MySQL) or `schema` (Postgres). */
    container: 'database' | 'schema';
    /** What the one task reads, for the tasks.max message ("binlog", "slot"). */
    stream: string;
  },
): void {
  const prefix = (props['topic.prefix'] ?? '').trim();
  if (prefix && !/^[A-Za-z0-9._-]+$/.test(prefix))
    add(
      'topic.prefix',
      `Invalid value ${prefix} for configuration topic.prefix: only letters, digits, '.', '_' and '-'`,
    );
  for (const [inc, exc] of [
    [`${opts.container}.include.list`, `${opts.container}.exclude.list`],
    ['table.include.list', 'table.exclude.list'],
    ['column.include.list', 'column.exclude.list'],
  ] as const) {
    if ((props[inc] ?? '').trim() && (props[exc] ?? '').trim())
      add(exc, `"${inc}" is already specified; "${exc}" cannot also be specified`);
    for (const k of [inc, exc]) {
      const bad = invalidPattern(props[k]);
      if (bad !== null) add(k, `Invalid value ${bad} for configuration ${k}: not a valid regular expression`);
    }
  }
  const batch = Number(props['max.batch.size'] ?? 2048);
  if (!Number.isInteger(batch) || batch < 1 || batch > 5000)
    add('max.batch.size', `Invalid value ${props['max.batch.size']} for configuration max.batch.size: must be 1..5000`);
  const tasks = Number(props['tasks.max'] ?? 1);
  if (Number.isInteger(tasks) && tasks > 1)
    add(
      'tasks.max',
      `Invalid value for configuration tasks.max: the connector reads one ${opts.stream}, so only one task (1)`,
    );
  for (const op of (props['skipped.operations'] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    if (!['c', 'u', 'd', 't', 'none'].includes(op))
      add('skipped.operations', `Invalid value ${op} for configuration skipped.operations: c, u, d, t or none`);
}
