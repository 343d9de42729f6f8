export * from './codecs';
export * from './kafka-pool';
export * from './metrics';
export * from './task-execution';
export * from './task-runner';
export * from './connect-worker';
export * from './reconciler';
export * from './connect-runtime';
