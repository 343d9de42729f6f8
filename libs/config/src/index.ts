export * from './env.schema';
export * from './app-config';
export * from './secret-file';
export * from './config.module';
export * from './process-faults';
