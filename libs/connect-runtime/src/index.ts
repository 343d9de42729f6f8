export * from './errors';
export * from './preview/transform-preview';
