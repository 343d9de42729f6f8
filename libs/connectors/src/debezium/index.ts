// What every Debezium-style source shares (MySQL/MariaDB and PostgreSQL): the envelope and
// key schemas, the common source block, topic naming, include/exclude filters, heartbeats, properties.
export * from './source-info';
export * from './envelope';
export * from './table-schema';
export * from './change-records';
export * from './naming';
export * from './filters';
export * from './heartbeat';
export * from './common-config-checks';
export * from './cdc-config-def';
export * from './cdc-config-values';
export * from './cdc-source-task';
