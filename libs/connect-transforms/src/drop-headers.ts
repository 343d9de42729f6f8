// DropHeaders: remove every header whose key is listed; others keep their order.
import { ConfigDef, type Header, NonEmptyList, type Transformation } from '@libs/connect-spi';
import type { AnyRecord } from './util/requirements';

export function dropHeadersConfigDef(): ConfigDef {
  return new ConfigDef().define({
    name: 'headers',
    type: 'LIST',
    validator: new NonEmptyList(),
    importance: 'HIGH',
    documentation: 'The name of the headers to be removed.',
  });
}

export class DropHeaders<R extends AnyRecord> implements Transformation<R> {
  private headers = new Set<string>();

  config(): ConfigDef {
    return dropHeadersConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    this.headers = new Set(dropHeadersConfigDef().parse(props).headers as string[]);
  }

  apply(record: R): R | null {
    const kept: Header[] = [];
    for (const h of record.headers) if (!this.headers.has(h.key)) kept.push(h);
    return record.newRecord(
      record.topic,
      record.kafkaPartition,
      record.keySchema,
      record.key,
      record.valueSchema,
      record.value,
      record.timestamp,
      kept,
    );
  }

  close(): void {}
}
