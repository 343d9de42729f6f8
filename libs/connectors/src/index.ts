export * from './common/validation';
export * from './datagen';
export * from './egress';
export * from './mysql-sink';
export * from './test-plugins';
export * from './plugins';
