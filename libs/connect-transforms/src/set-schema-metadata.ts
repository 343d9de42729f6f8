// SetSchemaMetadata$Key / $Value: set the key/value schema's name and/or version.
import { ConfigDef, ConfigException, ConnectSchema, type Schema, Struct, type Transformation } from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, requireSchema } from './util/requirements';
import { fieldValue } from './util/schema-util';

export function setSchemaMetadataConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'schema.name',
      type: 'STRING',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'Schema name to set.',
    })
    .define({
      name: 'schema.version',
      type: 'INT',
      defaultValue: null,
      importance: 'HIGH',
      documentation: 'Schema version to set.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

export class SetSchemaMetadata<R extends AnyRecord> implements Transformation<R> {
  private schemaName: string | null = null;
  private schemaVersion: number | null = null;
  private replaceNullWithDefault = true;

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return setSchemaMetadataConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = setSchemaMetadataConfigDef().parse(props);
    this.schemaName = p['schema.name'] as string | null;
    this.schemaVersion = p['schema.version'] as number | null;
    if (this.schemaName === null && this.schemaVersion === null)
      throw ConfigException.forKey('schema.name', 'Neither schema name nor version configured');
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
  }

  apply(record: R): R | null {
    const value = operatingValue(this.side, record);
    const schema = operatingSchema(this.side, record);
    if ((value === null || value === undefined) && schema === null) return record;
    const s = requireSchema(schema, 'updating schema metadata');
    const updated: Schema = new ConnectSchema(
      s.type,
      s.optional,
      s.defaultValue,
      this.schemaName ?? s.name,
      this.schemaVersion ?? s.version,
      s.doc,
      s.parameters,
      s.type === 'STRUCT' ? s.fields : null,
      s.keySchema,
      s.valueSchema,
    );
    let updatedValue = value;
    if (value instanceof Struct) {
      // Only the top-level Struct is rebuilt to point at the renamed schema.
      const out = new Struct(updated);
      for (const f of updated.fields) out.put(f, fieldValue(value, f.name, this.replaceNullWithDefault));
      updatedValue = out;
    }
    return newRecordFor(this.side, record, updated, updatedValue);
  }

  close(): void {}
}
