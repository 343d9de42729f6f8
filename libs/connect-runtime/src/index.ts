export * from './plugins/connector-plugin';
export * from './plugins/plugin-registry';
export * from './errors';
export * from './preview/transform-preview';
