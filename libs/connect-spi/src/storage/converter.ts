// Converter and HeaderConverter SPIs: Connect data ⇄ bytes, configured with the properties
// under key.converter. / value.converter. (prefix removed).
import type { ConfigDef } from '../config/config-def';
import type { Schema } from '../data/schema';
import type { SchemaAndValue } from '../data/schema-and-value';
import type { ConnectHeaders } from '../header/headers';

export interface Converter {
  configure(configs: Readonly<Record<string, unknown>>, isKey: boolean): void;
  /** null schema + null value → null bytes (tombstone). Throws DataException on bad input. */
  fromConnectData(topic: string, headers: ConnectHeaders | null, schema: Schema | null, value: unknown): Buffer | null;
  toConnectData(topic: string, headers: ConnectHeaders | null, value: Uint8Array | null): SchemaAndValue;
  config(): ConfigDef;
  close?(): void;
}

export interface HeaderConverter {
  configure(configs: Readonly<Record<string, unknown>>): void;
  fromConnectHeader(topic: string, headerKey: string, schema: Schema | null, value: unknown): Buffer | null;
  toConnectHeader(topic: string, headerKey: string, value: Uint8Array | null): SchemaAndValue;
  config(): ConfigDef;
  close?(): void;
}

export type ConverterType = 'key' | 'value' | 'header';
