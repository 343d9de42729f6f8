// org.apache.kafka.connect.converters.ByteArrayConverter: raw bytes through, schema BYTES or none.
import {
  ConfigDef,
  DataException,
  describeValue,
  type ConnectHeaders,
  type Converter,
  type HeaderConverter,
  type Schema,
  type SchemaAndValue,
  Schemas,
} from '@libs/connect-spi';

export class ByteArrayConverter implements Converter, HeaderConverter {
  config(): ConfigDef {
    return new ConfigDef().define({
      name: 'converter.type',
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'How this converter will be used.',
    });
  }

  configure(_configs: Readonly<Record<string, unknown>>, _isKey = false): void {}

  fromConnectData(
    _topic: string,
    _headers: ConnectHeaders | null,
    schema: Schema | null,
    value: unknown,
  ): Buffer | null {
    if (schema !== null && schema.type !== 'BYTES')
      throw new DataException('Invalid schema type for ByteArrayConverter: ' + schema.type);
    if (value === null || value === undefined) return null;
    if (!(value instanceof Uint8Array))
      throw new DataException('ByteArrayConverter is not compatible with objects of type ' + describeValue(value));
    return Buffer.isBuffer(value) ? value : Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    return {
      schema: Schemas.OPTIONAL_BYTES_SCHEMA,
      value:
        value === null
          ? null
          : Buffer.isBuffer(value)
            ? value
            : Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }
}
