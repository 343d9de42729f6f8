// hyparquet-writer's raw snappy compressor (exported as ./src/snappy.js), used for Avro's snappy codec.
declare module 'hyparquet-writer/src/snappy.js' {
  export function snappyCompress(input: Uint8Array): Uint8Array;
}
