export * from './cluster-connection';
