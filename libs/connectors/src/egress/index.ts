export * from './egress-policy';
export * from './platform-endpoints';
