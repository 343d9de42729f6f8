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
