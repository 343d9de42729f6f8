export * from './common/validation';
export * from './datagen';
export * from './egress';
export * from './mysql-sink';
export * from './postgres-sink';
export * from './http-sink';
export { JdbcWriter } from './jdbc-sink/jdbc-writer';
export * from './test-plugins';
export * from './plugins';
