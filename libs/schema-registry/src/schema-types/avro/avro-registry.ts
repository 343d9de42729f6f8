// The primitive types every avsc parse of ours starts from.
import type * as avro from 'avsc';
import { AVRO_LONG_64 } from './avro-long';
import { AVRO_STRING } from './avro-string';

/** A fresh avsc registry (named types are added per parse) with the 64-bit long and the fast string. */
export function avroRegistry(): Record<string, avro.Type> {
  return { long: AVRO_LONG_64, string: AVRO_STRING };
}
