// org.apache.kafka.connect.storage.StringConverter: value.toString() in a charset on write; on
// read an OPTIONAL_STRING. The schema is ignored when writing, as in Kafka.
import {
  ConfigDef,
  ConfigException,
  type ConnectHeaders,
  type Converter,
  type HeaderConverter,
  javaString,
  type Schema,
  type SchemaAndValue,
  Schemas,
} from '@libs/connect-spi';

const ENCODINGS: Record<string, BufferEncoding> = {
  UTF8: 'utf8',
  'UTF-8': 'utf8',
  'UTF-16LE': 'utf16le',
  UTF16LE: 'utf16le',
  'ISO-8859-1': 'latin1',
  ISO8859_1: 'latin1',
  LATIN1: 'latin1',
  'US-ASCII': 'ascii',
  ASCII: 'ascii',
};

export function stringConverterConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'converter.type',
      type: 'STRING',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'How this converter will be used.',
    })
    .define({
      name: 'converter.encoding',
      type: 'STRING',
      defaultValue: 'UTF8',
      importance: 'HIGH',
      documentation: 'The name of the Java character set to use for encoding strings as byte arrays.',
      group: 'Converter',
      orderInGroup: 1,
      width: 'MEDIUM',
      displayName: 'Encoding',
    });
}

export class StringConverter implements Converter, HeaderConverter {
  private encoding: BufferEncoding = 'utf8';

  config(): ConfigDef {
    return stringConverterConfigDef();
  }

  configure(configs: Readonly<Record<string, unknown>>, _isKey = false): void {
    const name = String(stringConverterConfigDef().parse(configs)['converter.encoding']);
    const enc = ENCODINGS[name.toUpperCase()];
    if (!enc) throw new ConfigException('converter.encoding', name, 'Unsupported encoding');
    this.encoding = enc;
  }

  fromConnectData(
    _topic: string,
    _headers: ConnectHeaders | null,
    _schema: Schema | null,
    value: unknown,
  ): Buffer | null {
    if (value === null || value === undefined) return null;
    return Buffer.from(javaString(value), this.encoding);
  }

  toConnectData(_topic: string, _headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue {
    if (value === null) return { schema: Schemas.OPTIONAL_STRING_SCHEMA, value: null };
    return {
      schema: Schemas.OPTIONAL_STRING_SCHEMA,
      value: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(this.encoding),
    };
  }

  fromConnectHeader(topic: string, _headerKey: string, schema: Schema | null, value: unknown): Buffer | null {
    return this.fromConnectData(topic, null, schema, value);
  }

  toConnectHeader(topic: string, _headerKey: string, value: Uint8Array | null): SchemaAndValue {
    return this.toConnectData(topic, null, value);
  }
}
