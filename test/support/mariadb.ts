// The machine's MariaDB as the tests reach it (root, no password), and what they ask of it.
import type { Connection } from 'mysql2/promise';

export const MYSQL = { host: '127.0.0.1', port: 3306, user: 'root', password: '' };

/** Rows in `database`.`table`, 0 while a sink has not created the table yet. */
export async function countRows(db: Connection, database: string, table: string): Promise<number> {
  try {
    const [r] = await db.query(`SELECT COUNT(*) AS n FROM \`${database}\`.\`${table}\``);
    return Number((r as { n: number | string }[])[0]?.n ?? 0);
  } catch (e) {
    if ((e as { code?: string }).code === 'ER_NO_SUCH_TABLE') return 0;
    throw e;
  }
}
