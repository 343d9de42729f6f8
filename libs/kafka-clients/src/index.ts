export * from './cluster-connection';
export * from './raw-fetch';
export * from './broker-connection';
export * from './single-broker-producer';
export * from './egress-socket';
export * from './access-errors';
export * from './cluster-probe';
