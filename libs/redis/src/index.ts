export * from './redis.module';
export * from './circuit-breaker';
