export * from './mysql-dialect';
export * from './mysql-sink-config';
export * from './mysql-errors';
export * from './mysql-writer';
export * from './mysql-sink-connector';
export * from './mysql-sink-plugin';
