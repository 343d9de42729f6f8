// Filter: drops every record it is applied to; use it with a predicate (KIP-585).
import { ConfigDef, type Transformation } from '@libs/connect-spi';
import type { AnyRecord } from './util/requirements';

export class Filter<R extends AnyRecord> implements Transformation<R> {
  config(): ConfigDef {
    return new ConfigDef();
  }
  configure(_props: Readonly<Record<string, unknown>>): void {}
  apply(_record: R): R | null {
    return null;
  }
  close(): void {}
}
