export * from './cluster-connection';
export * from './raw-fetch';
