// The MySQL sink's writer: the JDBC core's write path (jdbc-sink/jdbc-writer.ts) with the MySQL
// dialect. Kept as its own class so MySqlSink's users (tests, benchmarks) keep its name and the
// server thread id of its connection.
import { JdbcWriter, type WriterHooks } from '../jdbc-sink/jdbc-writer';
import type { MySqlSinkConfig } from './mysql-sink-config';
import { MAX_PLACEHOLDERS, MySqlDialect } from './mysql-jdbc-dialect';

export { MAX_PLACEHOLDERS };
export type { WriterHooks };

export class MySqlWriter extends JdbcWriter {
  constructor(config: MySqlSinkConfig, hooks: WriterHooks = {}) {
    super(config, new MySqlDialect(config), hooks);
  }

  /** Thread id of the current connection (tests kill it). */
  get threadId(): number | null {
    return this.connectionId;
  }
}
