export * from './datagen-connector';
export * from './datagen-plugin';
