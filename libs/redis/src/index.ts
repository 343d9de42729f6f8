export * from './redis.module';
export * from './circuit-breaker';
export * from './channels';
export * from './connection-outages';
