export * from './mysql-cdc-config';
export * from './mysql-cdc-connector';
export * from './mysql-cdc-task';
export * from './mysql-cdc-plugin';
export { mapColumn, type TypeOptions } from './type-mapping';
export type { ColumnDef, TableDef } from './column-def';
