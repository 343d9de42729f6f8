// Confluent's AvroConverter (io.confluent.connect.avro.AvroConverter): Connect data ⇄ Avro through
// the registry, the schema mapping after Confluent's AvroData (avro-to-connect.ts, connect-to-avro.ts).
import * as avro from 'avsc';
import { DataException, type Schema } from '@libs/connect-spi';
import { AVRO_LONG_64, type ParsedAvroSchema, type ParsedSchema } from '@libs/schema-registry';
import type { AvroJson } from './avro-json';
import { compileAvroToConnect, type CompiledAvro } from './avro-to-connect';
import { compileConnectToAvro, type CompiledConnect } from './connect-to-avro';
import { SchemaRegistryConverter, type FormatCodec } from './schema-registry-converter';

const connectToAvroCache = new WeakMap<Schema, CompiledConnect & { text: string }>();
const avroToConnectCache = new WeakMap<ParsedSchema, CompiledAvro>();

export function connectToAvroCached(schema: Schema): CompiledConnect & { text: string } {
  let c = connectToAvroCache.get(schema);
  if (!c) {
    const compiled = compileConnectToAvro(schema);
    c = { ...compiled, text: JSON.stringify(compiled.avro) };
    connectToAvroCache.set(schema, c);
  }
  return c;
}

/**
 * An avsc type for Avro written outside the registry (S3 files), with `long` as a 64-bit Java long
 * like the registry's: avsc's default long refuses the bigints int64 values beyond 2^53 arrive as.
 */
export function avscTypeOf(schema: AvroJson): avro.Type {
  return avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false, registry: { long: AVRO_LONG_64 } });
}

export const avroCodec: FormatCodec = {
  schemaType: 'AVRO',
  schemaFor(schema) {
    return { text: connectToAvroCached(schema).text };
  },
  encode(parsed, schema, value) {
    const avroValue = connectToAvroCached(schema).fromConnect(value);
    const type = (parsed as ParsedAvroSchema).avroType;
    try {
      return type.toBuffer(avroValue);
    } catch (e) {
      throw new DataException(`Value does not match the Avro schema: ${(e as Error).message}`, { cause: e });
    }
  },
  decode(parsed, payload) {
    const p = parsed as ParsedAvroSchema;
    let c = avroToConnectCache.get(parsed);
    if (!c) avroToConnectCache.set(parsed, (c = compileAvroToConnect(JSON.parse(parsed.text) as AvroJson)));
    const raw = p.avroType.fromBuffer(payload);
    return { schema: c.schema, value: c.toConnect(raw) };
  },
};

export class AvroConverter extends SchemaRegistryConverter {
  protected readonly codec = avroCodec;
}
