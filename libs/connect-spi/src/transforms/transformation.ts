// The Transformation and Predicate SPIs (SMTs). apply() returning null drops the record.
import type { ConfigDef } from '../config/config-def';
import type { ConnectRecord } from '../connector/connect-record';

export interface Transformation<R extends ConnectRecord<R>> {
  config(): ConfigDef;
  configure(props: Readonly<Record<string, unknown>>): void;
  apply(record: R): R | null;
  close(): void;
  /** Optional: the plugin version reported by /connector-plugins. */
  version?(): string;
}

export interface Predicate<R extends ConnectRecord<R>> {
  config(): ConfigDef;
  configure(props: Readonly<Record<string, unknown>>): void;
  test(record: R): boolean;
  close(): void;
  version?(): string;
}
