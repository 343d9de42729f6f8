// InsertHeader: append a header whose value is inferred from a literal (Values.parseString).
import { ConfigDef, NonNullValidator, parseString, type SchemaAndValue, type Transformation } from '@libs/connect-spi';
import type { AnyRecord } from './util/requirements';

export function insertHeaderConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'header',
      type: 'STRING',
      validator: new NonNullValidator(),
      importance: 'HIGH',
      documentation: 'The name of the header.',
    })
    .define({
      name: 'value.literal',
      type: 'STRING',
      validator: new NonNullValidator(),
      importance: 'HIGH',
      documentation: 'The literal value that is to be set as the header value on all records.',
    });
}

export class InsertHeader<R extends AnyRecord> implements Transformation<R> {
  private header = '';
  private literal: SchemaAndValue = { schema: null, value: null };

  config(): ConfigDef {
    return insertHeaderConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = insertHeaderConfigDef().parse(props);
    this.header = p.header as string;
    this.literal = parseString(p['value.literal'] as string);
  }

  apply(record: R): R | null {
    const headers = record.headers.duplicate().addSchemaAndValue(this.header, this.literal);
    return record.newRecord(
      record.topic,
      record.kafkaPartition,
      record.keySchema,
      record.key,
      record.valueSchema,
      record.value,
      record.timestamp,
      headers,
    );
  }

  close(): void {}
}
