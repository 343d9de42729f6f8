export { startBroker } from './server/broker';
export type { BrokerHandle } from './server/broker';
export type { BrokerOptions, FsyncPolicy, Logger, TlsListenerOptions } from './options';
export { StaticAuthenticator, parsePlainToken } from './auth';
export type { SaslPlainAuthenticator, AuthResult, StaticUser } from './auth';
export { BrokerMetrics } from './metrics';
export type { TopicTraffic } from './topic-traffic';
export type { ConsumerLag } from './groups/consumer-lag';
