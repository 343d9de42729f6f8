// Confluent's AvroConverter (io.confluent.connect.avro.AvroConverter): Connect data ⇄ Avro through
// the registry, the schema mapping after Confluent's AvroData (avro-to-connect.ts, connect-to-avro.ts).
import * as avro from 'avsc';
import { DataException, type Schema } from '@libs/connect-spi';
import { avroRegistry, type ParsedAvroSchema, type ParsedSchema } from '@libs/schema-registry';
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
  return avro.Type.forSchema(schema as avro.Schema, { wrapUnions: false, registry: avroRegistry() });
}

/** Where framed values are encoded before their copy out (grown when a value does not fit). */
let scratch = Buffer.allocUnsafe(64 * 1024);

function avroOf(parsed: ParsedSchema, schema: Schema, value: unknown): { type: avro.Type; avroValue: unknown } {
  return { type: (parsed as ParsedAvroSchema).avroType, avroValue: connectToAvroCached(schema).fromConnect(value) };
}

function invalid(e: unknown): DataException {
  return new DataException(`Value does not match the Avro schema: ${(e as Error).message}`, { cause: e });
}

export const avroCodec: FormatCodec = {
  schemaType: 'AVRO',
  schemaFor(schema) {
    return { text: connectToAvroCached(schema).text };
  },
  encode(parsed, schema, value) {
    const { type, avroValue } = avroOf(parsed, schema, value);
    try {
      return type.toBuffer(avroValue);
    } catch (e) {
      throw invalid(e);
    }
  },
  encodeFramed(header, parsed, schema, value) {
    const { type, avroValue } = avroOf(parsed, schema, value);
    try {
      header.copy(scratch, 0);
      let end = type.encode(avroValue, scratch, header.length);
      if (end < 0) {
        // encode() returned minus the bytes missing
        scratch = Buffer.allocUnsafe(2 * (scratch.length - end));
        header.copy(scratch, 0);
        end = type.encode(avroValue, scratch, header.length);
      }
      const out = Buffer.allocUnsafe(end); // copied without a subarray view: one Buffer per value
      scratch.copy(out, 0, 0, end);
      return out;
    } catch (e) {
      throw invalid(e);
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
