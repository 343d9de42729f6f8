// io.confluent.connect.transforms.Drop$Key / $Value: set the key or value (and its schema) to
// null. schema.behavior: nullify (schema null), retain (keep schema), validate (keep it but it
// must be optional).
import { ConfigDef, DataException, type Transformation, ValidString } from '@libs/connect-spi';
import { type Side, newRecordFor, operatingSchema } from '../util/key-value';
import type { AnyRecord } from '../util/requirements';

export function dropConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'schema.behavior',
    type: 'STRING',
    defaultValue: 'nullify',
    validator: ValidString.in('nullify', 'retain', 'validate'),
    importance: 'MEDIUM',
    documentation: 'What to do with the schema: nullify it, retain it, or validate that it is optional and retain it.',
  });
}

export class Drop<R extends AnyRecord> implements Transformation<R> {
  private behavior: 'nullify' | 'retain' | 'validate' = 'nullify';

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return dropConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    this.behavior = dropConfigDef().parse(props)['schema.behavior'] as 'nullify' | 'retain' | 'validate';
  }

  apply(record: R): R | null {
    const schema = operatingSchema(this.side, record);
    if (this.behavior === 'nullify') return newRecordFor(this.side, record, null, null);
    if (this.behavior === 'validate' && schema !== null && !schema.optional)
      throw new DataException(`Cannot drop the ${this.side}: its schema is not optional`);
    return newRecordFor(this.side, record, schema, null);
  }

  close(): void {}
}
