export * from './postgres-cdc-config';
export * from './postgres-cdc-connector';
export * from './postgres-cdc-task';
export * from './postgres-cdc-plugin';
export { mapPgColumn, type PgTypeOptions } from './type-mapping';
export type { PgColumnDef, PgTableDef } from './column-def';
