// Record headers as Kafka Connect models them: an ordered multi-map of (key, schema, value).
// Duplicate keys are allowed and order is kept, because DLQ context headers and HeaderFrom
// append rather than replace.
import type { Schema } from '../data/schema';
import { Schemas } from '../data/schema';
import type { SchemaAndValue } from '../data/schema-and-value';

export interface Header {
  readonly key: string;
  readonly schema: Schema | null;
  readonly value: unknown;
}

export class ConnectHeader implements Header {
  constructor(
    readonly key: string,
    readonly schema: Schema | null,
    readonly value: unknown,
  ) {}

  with(schema: Schema | null, value: unknown): ConnectHeader {
    return new ConnectHeader(this.key, schema, value);
  }

  rename(key: string): ConnectHeader {
    return new ConnectHeader(key, this.schema, this.value);
  }
}

export type HeaderTransform = (header: Header) => Header | null;

export class ConnectHeaders implements Iterable<Header> {
  private list: Header[];

  constructor(headers?: Iterable<Header> | null) {
    this.list = headers ? [...headers] : [];
  }

  get size(): number {
    return this.list.length;
  }

  isEmpty(): boolean {
    return this.list.length === 0;
  }

  [Symbol.iterator](): Iterator<Header> {
    return this.list[Symbol.iterator]();
  }

  toArray(): Header[] {
    return [...this.list];
  }

  addHeader(header: Header): this {
    this.list.push(header);
    return this;
  }

  add(key: string, value: unknown, schema: Schema | null = null): this {
    return this.addHeader(new ConnectHeader(key, schema, value));
  }

  addSchemaAndValue(key: string, sv: SchemaAndValue): this {
    return this.add(key, sv.value, sv.schema);
  }

  addString(key: string, value: string | null): this {
    return this.add(key, value, value === null ? Schemas.OPTIONAL_STRING_SCHEMA : Schemas.STRING_SCHEMA);
  }
  addBoolean(key: string, value: boolean): this {
    return this.add(key, value, Schemas.BOOLEAN_SCHEMA);
  }
  addInt(key: string, value: number): this {
    return this.add(key, value, Schemas.INT32_SCHEMA);
  }
  addLong(key: string, value: number | bigint): this {
    return this.add(key, value, Schemas.INT64_SCHEMA);
  }
  addDouble(key: string, value: number): this {
    return this.add(key, value, Schemas.FLOAT64_SCHEMA);
  }
  addBytes(key: string, value: Uint8Array): this {
    return this.add(key, value, Schemas.BYTES_SCHEMA);
  }

  allWithName(key: string): Header[] {
    return this.list.filter((h) => h.key === key);
  }

  lastWithName(key: string): Header | null {
    for (let i = this.list.length - 1; i >= 0; i--) if (this.list[i].key === key) return this.list[i];
    return null;
  }

  /** Removes every header with this key. */
  remove(key: string): this {
    this.list = this.list.filter((h) => h.key !== key);
    return this;
  }

  /** Keeps only the last header of each key (or of the given key). */
  retainLatest(key?: string): this {
    const seen = new Set<string>();
    const kept: Header[] = [];
    for (let i = this.list.length - 1; i >= 0; i--) {
      const h = this.list[i];
      if ((key === undefined || h.key === key) && seen.has(h.key)) continue;
      seen.add(h.key);
      kept.push(h);
    }
    this.list = kept.reverse();
    return this;
  }

  clear(): this {
    this.list = [];
    return this;
  }

  /** Applies `transform` to each header; a null result removes it. */
  apply(transform: HeaderTransform, key?: string): this {
    const out: Header[] = [];
    for (const h of this.list) {
      if (key !== undefined && h.key !== key) {
        out.push(h);
        continue;
      }
      const r = transform(h);
      if (r) out.push(r);
    }
    this.list = out;
    return this;
  }

  duplicate(): ConnectHeaders {
    return new ConnectHeaders(this.list);
  }
}
