/** The course's JDBC sink settings after CDC: unwrap Debezium's envelope, upsert by key into `orders`, deletes applied. */
export const UNWRAP_UPSERT_INTO_ORDERS: Readonly<Record<string, string>> = {
  'table.name.format': 'orders',
  'insert.mode': 'UPSERT',
  'pk.mode': 'record_key',
  'delete.enabled': 'true',
  'auto.create': 'true',
  'auto.evolve': 'true',
  transforms: 'unwrap',
  'transforms.unwrap.type': 'io.debezium.transforms.ExtractNewRecordState',
  'transforms.unwrap.delete.handling.mode': 'none',
};

/** Where a pipeline's JDBC sink writes: a database on a private server on this machine. */
export interface SinkTarget {
  port: number;
  user: string;
  password: string;
  db: string;
}

/** A JDBC sink (MySqlSink, PostgresSink) reading `topic`'s AVRO keys and values with the settings above. */
export function unwrapUpsertSink(connectorClass: string, topic: string, t: SinkTarget): Record<string, string> {
  return {
    'connector.class': connectorClass,
    topics: topic,
    'input.data.format': 'AVRO',
    'input.key.format': 'AVRO',
    'connection.host': '127.0.0.1',
    'connection.port': String(t.port),
    'connection.user': t.user,
    'connection.password': t.password,
    'db.name': t.db,
    ...UNWRAP_UPSERT_INTO_ORDERS,
  };
}
