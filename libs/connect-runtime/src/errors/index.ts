export * from './stage';
export * from './error-handling-config';
export * from './processing-context';
export * from './exception-names';
export * from './error-window';
export * from './reporters/log-reporter';
export * from './reporters/dead-letter-queue';
export * from './retry-with-tolerance';
