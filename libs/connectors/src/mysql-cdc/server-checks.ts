// The server prerequisites of binlog CDC (CDC.md §7.1–7.2), checked by validate and at task start:
// the binary log on, ROW format, FULL row images, and the grants the connector needs. Each problem
// is reported on the property it concerns, in Debezium's wording: the server's settings on
// database.hostname, missing grants on database.user.
import type { Connection } from 'mysql2/promise';
import type { CdcFlavor } from './mysql-cdc-config';

export type ServerProblems = Record<string, string[]>;

const GLOBAL_GRANTS: Record<CdcFlavor, { name: string; alternatives: string[] }[]> = {
  mysql: [
    { name: 'RELOAD', alternatives: ['RELOAD'] },
    { name: 'SHOW DATABASES', alternatives: ['SHOW DATABASES'] },
    { name: 'REPLICATION SLAVE', alternatives: ['REPLICATION SLAVE'] },
    // a MariaDB server (10.5+) names it BINLOG MONITOR
    { name: 'REPLICATION CLIENT', alternatives: ['REPLICATION CLIENT', 'BINLOG MONITOR'] },
  ],
  mariadb: [
    { name: 'RELOAD', alternatives: ['RELOAD'] },
    { name: 'SHOW DATABASES', alternatives: ['SHOW DATABASES'] },
    { name: 'REPLICATION SLAVE', alternatives: ['REPLICATION SLAVE', 'REPLICATION REPLICA'] },
    { name: 'BINLOG MONITOR', alternatives: ['BINLOG MONITOR', 'REPLICATION CLIENT'] },
  ],
};

export async function serverProblems(conn: Connection, flavor: CdcFlavor): Promise<ServerProblems> {
  const problems: ServerProblems = {};
  const add = (k: string, m: string) => (problems[k] ??= []).push(m);
  const [vars] = await conn.query(
    'SELECT @@GLOBAL.log_bin AS log_bin, @@GLOBAL.binlog_format AS format, @@GLOBAL.binlog_row_image AS image',
  );
  const v = (vars as { log_bin: number | string; format: string; image: string }[])[0]!;
  if (Number(v.log_bin) !== 1 && String(v.log_bin).toUpperCase() !== 'ON')
    add(
      'database.hostname',
      'The database server does not have the binary log enabled (log_bin=OFF), which is required for this connector. ' +
        'Start the server with --log-bin (and --server-id) and restart the connector.',
    );
  if (String(v.format).toUpperCase() !== 'ROW')
    add(
      'database.hostname',
      `The ${flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} server is not configured to use a ROW binlog_format (it is ${v.format}), ` +
        'which is required for this connector to work properly. Change the server configuration to use binlog_format=ROW and restart the connector.',
    );
  if (String(v.image).toUpperCase() !== 'FULL')
    add(
      'database.hostname',
      `The ${flavor === 'mariadb' ? 'MariaDB' : 'MySQL'} server is not configured to use a FULL binlog_row_image (it is ${v.image}), ` +
        'which is required for this connector to work properly. Change the server configuration to use binlog_row_image=FULL and restart the connector.',
    );
  const missing = await missingGrants(conn, flavor);
  if (missing.length > 0)
    add(
      'database.user',
      `The database user lacks the privileges the connector needs: ${missing.join(', ')}. ` +
        'Grant SELECT, RELOAD, SHOW DATABASES, REPLICATION SLAVE and ' +
        (flavor === 'mariadb' ? 'BINLOG MONITOR (REPLICATION CLIENT before 10.5)' : 'REPLICATION CLIENT') +
        ' ON *.* to it.',
    );
  return problems;
}

/** The required privileges SHOW GRANTS does not list (SELECT may be granted per database). */
export async function missingGrants(conn: Connection, flavor: CdcFlavor): Promise<string[]> {
  const [rows] = await conn.query('SHOW GRANTS FOR CURRENT_USER()');
  const grants = (rows as Record<string, string>[]).map((r) => String(Object.values(r)[0] ?? '').toUpperCase());
  const global = grants.filter((g) => / ON \*\.\* /.test(g + ' '));
  if (global.some((g) => /GRANT ALL PRIVILEGES ON \*\.\*/.test(g))) return [];
  const has = (list: string[], p: string) => list.some((g) => new RegExp(`(GRANT |, )${p}(,| ON)`).test(g));
  const missing = GLOBAL_GRANTS[flavor].filter((x) => !x.alternatives.some((a) => has(global, a))).map((x) => x.name);
  if (!has(grants, 'SELECT') && !grants.some((g) => /GRANT ALL PRIVILEGES ON/.test(g))) missing.unshift('SELECT');
  return missing;
}

/** The binlog files the server still has. */
export async function binlogFiles(conn: Connection): Promise<string[]> {
  const [rows] = await conn.query('SHOW BINARY LOGS');
  return (rows as { Log_name: string }[]).map((r) => r.Log_name);
}
