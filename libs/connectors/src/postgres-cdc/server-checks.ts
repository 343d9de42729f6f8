// The server prerequisites of logical decoding (CDC.md §7.3), checked by validate and at task
// start, each reported on the property it concerns: wal_level on database.hostname, the
// REPLICATION attribute on database.user, a missing publication (autocreate disabled) on
// publication.name, a publication the user may not create on publication.autocreate.mode. Messages follow Debezium's wording.
import type { Client } from 'pg';
import type { PostgresCdcConfig } from './postgres-cdc-config';

export type ServerProblems = Record<string, string[]>;

export async function pgServerProblems(client: Client, c: PostgresCdcConfig): Promise<ServerProblems> {
  const problems: ServerProblems = {};
  const add = (k: string, m: string) => (problems[k] ??= []).push(m);
  const wal = (await client.query<{ wal_level: string }>('SHOW wal_level')).rows[0]?.wal_level;
  if (wal !== 'logical')
    add(
      'database.hostname',
      `Postgres server wal_level property must be 'logical' but is: '${wal}'. ` +
        'Set wal_level=logical (and max_replication_slots / max_wal_senders ≥ 1) in postgresql.conf and restart the server.',
    );
  const role = (
    await client.query<{ rolreplication: string; rolsuper: string; rolcanlogin: string }>(
      'SELECT rolreplication, rolsuper, rolcanlogin FROM pg_roles WHERE rolname = current_user',
    )
  ).rows[0];
  const yes = (v: string | undefined) => v === 't' || v === 'true';
  if (!role || !(yes(role.rolreplication) || yes(role.rolsuper)) || !yes(role.rolcanlogin))
    add(
      'database.user',
      `Postgres roles LOGIN and REPLICATION are not assigned to user: ${c.user}. ` +
        `Run ALTER ROLE ${c.user} WITH REPLICATION LOGIN, and grant SELECT on the captured tables.`,
    );
  const pub = await client.query('SELECT 1 FROM pg_publication WHERE pubname = $1', [c.publicationName]);
  if (pub.rowCount === 0) {
    if (c.publicationAutocreateMode === 'disabled')
      add(
        'publication.name',
        `Publication '${c.publicationName}' does not exist and publication.autocreate.mode is disabled: ` +
          'create it (CREATE PUBLICATION … FOR TABLE …) or choose all_tables / filtered.',
      );
    else if (c.publicationAutocreateMode === 'all_tables' && !yes(role?.rolsuper))
      add(
        'publication.autocreate.mode',
        `Publication '${c.publicationName}' does not exist and creating it FOR ALL TABLES needs a superuser, which ${c.user} is not: ` +
          'create it yourself, or use filtered.',
      );
    else if (c.publicationAutocreateMode === 'filtered') {
      const r = await client.query<{ ok: boolean }>(
        "SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS ok",
      );
      if (!r.rows[0]?.ok)
        add(
          'publication.autocreate.mode',
          `Publication '${c.publicationName}' does not exist and ${c.user} may not create it: ` +
            `GRANT CREATE ON DATABASE ${c.dbname} TO ${c.user} (filtered also needs ownership of the captured tables), or create it yourself.`,
        );
    }
  }
  return problems;
}
