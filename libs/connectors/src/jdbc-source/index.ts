export * from './jdbc-source-config';
export * from './jdbc-source-connector';
export * from './jdbc-source-task';
export * from './jdbc-source-plugin';
export type { ColumnKind, ColumnMeta } from './column-types';
export type { TableRef } from './dialect';
