export * from './json/json-converter';
export * from './json/json-schema';
export * from './json/json-text';
export * from './string-converter';
export * from './byte-array-converter';
export * from './registry';
export * from './simple-header-converter';
