// What every Debezium-style source shares (MySQL/MariaDB now, PostgreSQL later): the envelope and
// key schemas, the common source block, topic naming, include/exclude filters, heartbeats.
export * from './source-info';
export * from './envelope';
export * from './table-schema';
export * from './change-records';
export * from './naming';
export * from './filters';
export * from './heartbeat';
export * from './common-config-checks';
