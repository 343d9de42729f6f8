// ExtractField$Key / $Value: replace the key/value with one (possibly nested, V2) field of it.
import {
  CaseInsensitiveValidString,
  ConfigDef,
  IllegalArgumentException,
  type Transformation,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import {
  fieldFromSchema,
  type FieldSyntaxVersion,
  parseFieldPath,
  valueFromMap,
  valueFromStruct,
} from './util/field-path';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, requireMapOrNull, requireStructOrNull } from './util/requirements';

const PURPOSE = 'field extraction';

export function extractFieldConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({ name: 'field', type: 'STRING', importance: 'MEDIUM', documentation: 'Field name to extract.' })
    .define({
      name: 'field.syntax.version',
      type: 'STRING',
      defaultValue: 'V1',
      validator: CaseInsensitiveValidString.in('V1', 'V2'),
      importance: 'HIGH',
      documentation:
        'Defines the version of the syntax to access fields. V1: top-level fields only; V2: nested fields with dots, backticks to quote.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

export class ExtractField<R extends AnyRecord> implements Transformation<R> {
  private path = '';
  private steps: string[] = [];
  private replaceNullWithDefault = true;

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return extractFieldConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = extractFieldConfigDef().parse(props);
    this.path = p.field as string;
    this.steps = parseFieldPath(this.path, String(p['field.syntax.version']).toUpperCase() as FieldSyntaxVersion);
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
  }

  apply(record: R): R | null {
    const schema = operatingSchema(this.side, record);
    const raw = operatingValue(this.side, record);
    if (schema === null) {
      const value = requireMapOrNull(raw, PURPOSE);
      return newRecordFor(this.side, record, null, value === null ? null : valueFromMap(value, this.steps));
    }
    const value = requireStructOrNull(raw, PURPOSE);
    const field = fieldFromSchema(schema, this.steps);
    if (!field) throw new IllegalArgumentException('Unknown field: ' + this.path);
    return newRecordFor(
      this.side,
      record,
      field.schema,
      value === null ? null : valueFromStruct(value, this.steps, this.replaceNullWithDefault),
    );
  }

  close(): void {}
}
