export * from './errors';
export * from './preview/transform-preview';
export * from './runtime';
