// io.debezium.transforms.ExtractNewRecordState ("unwrap", CDC.md §8): a Debezium change envelope
// becomes its `after` row (schema `<…>.Value`); deletes and tombstones as delete.handling.mode /
// drop.tombstones (≤3.1) or delete.tombstone.handling.mode (3.2+) say; envelope or source fields
// appended (add.fields) or set as headers (add.headers); truncates dropped; records that are not
// change envelopes (heartbeats, schema changes) pass unchanged.
import {
  ConfigDef,
  ConfigException,
  SchemaBuilder,
  Struct,
  ValidString,
  type Schema,
  type Transformation,
} from '@libs/connect-spi';
import type { AnyRecord } from '../util/requirements';

type Mode = 'drop' | 'tombstone' | 'rewrite' | 'rewrite-with-tombstone' | 'delete-to-tombstone';

export const DEBEZIUM_TRANSFORMS_VERSION = '3.2.0.Final';

export function extractNewRecordStateConfigDef(): ConfigDef {
  const d = new ConfigDef();
  const def = (
    name: string,
    type: 'STRING' | 'BOOLEAN' | 'LIST',
    defaultValue: unknown,
    doc: string,
    allowed?: string[],
  ) =>
    d.define({
      name,
      type,
      defaultValue,
      ...(allowed ? { validator: ValidString.in(...allowed) } : {}),
      importance: 'MEDIUM',
      documentation: doc,
    });
  def('drop.tombstones', 'BOOLEAN', true, 'Deprecated (≤3.1): drop tombstones (false keeps them).');
  def('delete.handling.mode', 'STRING', 'drop', 'Deprecated (≤3.1): drop, none or rewrite.', [
    'drop',
    'none',
    'rewrite',
  ]);
  def(
    'delete.tombstone.handling.mode',
    'STRING',
    null,
    'drop, tombstone, rewrite, rewrite-with-tombstone or delete-to-tombstone (overrides the deprecated options).',
  );
  def('add.fields', 'LIST', '', 'Envelope/source fields appended to the value: field, struct.field, field:newName.');
  def('add.fields.prefix', 'STRING', '__', 'Prefix of the added fields.');
  def('add.headers', 'LIST', '', 'Envelope/source fields added as headers (same syntax).');
  def('add.headers.prefix', 'STRING', '__', 'Prefix of the added headers.');
  def('route.by.field', 'STRING', '', 'Topic = this field of the row (before for deletes).');
  def('replace.null.with.default', 'BOOLEAN', true, 'Read null fields as their default.');
  return d;
}

interface FieldRef {
  /** Path in the envelope: ['op'] or ['source', 'ts_ms']. */
  path: [string] | [string, string];
  name: string;
}

function parseRefs(raw: unknown, prefix: string): FieldRef[] {
  const list = Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',');
  return list
    .map((s) => s.trim())
    .filter(Boolean)
    .map((spec) => {
      const [field, rename] = spec.split(':').map((x) => x.trim());
      const parts = field!.split('.');
      if (parts.length > 2 || parts.some((p) => !p))
        throw new ConfigException(`Invalid field reference ${spec}: use field, struct.field or field:newName`);
      const path = parts as [string] | [string, string];
      return { path, name: prefix + (rename || parts.join('_')) };
    });
}

const MODES: readonly Mode[] = ['drop', 'tombstone', 'rewrite', 'rewrite-with-tombstone', 'delete-to-tombstone'];

export class ExtractNewRecordState<R extends AnyRecord> implements Transformation<R> {
  private mode: Mode = 'drop';
  /** Deprecated options in effect (delete.tombstone.handling.mode unset). */
  private legacy: { dropTombstones: boolean; deletes: 'drop' | 'none' | 'rewrite' } | null = null;
  private fields: FieldRef[] = [];
  private headers: FieldRef[] = [];
  private routeByField = '';
  private readonly schemaCache = new Map<Schema, Schema>();

  config(): ConfigDef {
    return extractNewRecordStateConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = extractNewRecordStateConfigDef().parse(props);
    const mode = p['delete.tombstone.handling.mode'] as string | null;
    if (mode !== null && mode !== undefined && mode !== '') {
      if (!MODES.includes(mode as Mode))
        throw new ConfigException(
          `Invalid value ${mode} for configuration delete.tombstone.handling.mode: one of ${MODES.join(', ')}`,
        );
      this.mode = mode as Mode;
      this.legacy = null;
    } else
      this.legacy = {
        dropTombstones: p['drop.tombstones'] !== false,
        deletes: p['delete.handling.mode'] as 'drop' | 'none' | 'rewrite',
      };
    this.fields = parseRefs(p['add.fields'], String(p['add.fields.prefix']));
    this.headers = parseRefs(p['add.headers'], String(p['add.headers.prefix']));
    this.routeByField = String(p['route.by.field'] ?? '');
  }

  private get rewrite(): boolean {
    return this.legacy
      ? this.legacy.deletes === 'rewrite'
      : this.mode === 'rewrite' || this.mode === 'rewrite-with-tombstone';
  }

  private keepTombstones(): boolean {
    if (this.legacy) return !this.legacy.dropTombstones;
    return this.mode === 'rewrite-with-tombstone' || this.mode === 'delete-to-tombstone';
  }

  apply(record: R): R | null {
    const value = record.value;
    if (value === null || value === undefined) return this.keepTombstones() ? record : null;
    if (!isEnvelope(record.valueSchema, value)) return record;
    const env = value as Struct;
    const op = String(env.get('op'));
    if (op === 't') return null;
    const headers = record.headers.duplicate();
    for (const h of this.headers) {
      const found = lookup(env, h.path);
      if (found) headers.add(h.name, found.value, found.schema);
    }
    if (op === 'd') {
      const deletes = this.legacy ? this.legacy.deletes : this.mode;
      if (deletes === 'drop') return null;
      if (deletes === 'none' || deletes === 'tombstone' || deletes === 'delete-to-tombstone') {
        const schema = deletes === 'delete-to-tombstone' ? null : (record.valueSchema?.field('after')?.schema ?? null);
        return record.newRecord(
          record.topic,
          record.kafkaPartition,
          record.keySchema,
          record.key,
          schema,
          null,
          record.timestamp,
          headers,
        ) as R;
      }
    }
    const row = (op === 'd' ? env.get('before') : env.get('after')) as Struct | null;
    if (!row) return null;
    const out = this.withFields(env, row, op === 'd');
    const topic = this.routeByField ? String(row.get(this.routeByField) ?? record.topic) : record.topic;
    return record.newRecord(
      topic,
      record.kafkaPartition,
      record.keySchema,
      record.key,
      out.schema,
      out,
      record.timestamp,
      headers,
    ) as R;
  }

  /** The row with __deleted (rewrite modes) and add.fields appended. */
  private withFields(env: Struct, row: Struct, deleted: boolean): Struct {
    if (!this.rewrite && this.fields.length === 0) return row;
    const schema = this.outSchema(env, row.schema);
    const s = new Struct(schema);
    for (const f of row.schema.fields) s.put(f.name, row.getWithoutDefault(f.name));
    for (const ref of this.fields) s.put(ref.name, lookup(env, ref.path)?.value ?? null);
    if (this.rewrite) s.put('__deleted', deleted ? 'true' : 'false');
    return s;
  }

  private outSchema(env: Struct, rowSchema: Schema): Schema {
    let s = this.schemaCache.get(rowSchema);
    if (s) return s;
    const b = SchemaBuilder.struct();
    if (rowSchema.name) b.name(rowSchema.name);
    if (rowSchema.version !== null) b.version(rowSchema.version);
    if (rowSchema.doc) b.doc(rowSchema.doc);
    if (rowSchema.optional) b.optional();
    for (const f of rowSchema.fields) b.field(f.name, f.schema);
    for (const ref of this.fields) {
      const found = lookup(env, ref.path);
      b.field(ref.name, found ? optionalOf(found.schema) : SchemaBuilder.string().optional().build());
    }
    if (this.rewrite) b.field('__deleted', SchemaBuilder.string().optional().build());
    s = b.build();
    if (this.schemaCache.size > 1000) this.schemaCache.clear();
    this.schemaCache.set(rowSchema, s);
    return s;
  }

  close(): void {
    this.schemaCache.clear();
  }
}

function isEnvelope(schema: Schema | null, value: unknown): boolean {
  if (!(value instanceof Struct) || !schema || schema.type !== 'STRUCT') return false;
  return !!schema.field('op') && !!schema.field('after') && !!schema.field('before');
}

function lookup(env: Struct, path: FieldRef['path']): { value: unknown; schema: Schema } | null {
  const top = env.schema.field(path[0]);
  if (!top) return null;
  if (path.length === 1) return { value: env.get(top), schema: top.schema };
  const inner = env.get(top) as Struct | null;
  const f = top.schema.type === 'STRUCT' ? top.schema.field(path[1]) : null;
  if (!f) return null;
  return { value: inner ? inner.get(f) : null, schema: f.schema };
}

function optionalOf(schema: Schema): Schema {
  return schema.optional ? schema : SchemaBuilder.from(schema).optional().build();
}
