export * from './common/validation';
export * from './converters';
export * from './datagen';
