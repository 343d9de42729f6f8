export * from './postgres-sink-config';
export * from './postgres-dialect';
export * from './postgres-sink-connector';
export * from './postgres-sink-plugin';
