export * from './avro-data';
export * from './schema-registry-converter';
export * from './formats';
export * from './converter-for';
