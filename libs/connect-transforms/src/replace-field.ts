// ReplaceField$Key / $Value: drop (exclude), keep (include) and rename fields. The deprecated
// blacklist/whitelist names (2.7–3.9) are translated to exclude/include.
import {
  ConfigDef,
  ConfigException,
  LambdaValidator,
  type Schema,
  SchemaBuilder,
  Struct,
  type Transformation,
} from '@libs/connect-spi';
import { REPLACE_NULL_WITH_DEFAULT, replaceNullWithDefaultKey } from './util/common-config';
import { type Side, newRecordFor, operatingSchema, operatingValue } from './util/key-value';
import { type AnyRecord, requireMap, requireStruct } from './util/requirements';
import { copySchemaBasics, fieldValue, SchemaCache } from './util/schema-util';

const PURPOSE = 'field replacement';

export function parseRenameMappings(mappings: string[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const mapping of mappings) {
    const parts = mapping.split(':');
    if (parts.length !== 2) throw new ConfigException('renames', mappings, 'Invalid rename mapping: ' + mapping);
    m.set(parts[0], parts[1]);
  }
  return m;
}

export function replaceFieldConfigDef(): ConfigDef {
  return new ConfigDef()
    .define({
      name: 'exclude',
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation: 'Fields to exclude. This takes precedence over the fields to include.',
    })
    .define({
      name: 'include',
      type: 'LIST',
      defaultValue: '',
      importance: 'MEDIUM',
      documentation: 'Fields to include. If specified, only these fields will be used.',
    })
    .define({
      name: 'renames',
      type: 'LIST',
      defaultValue: '',
      validator: LambdaValidator.with(
        (name, value) => {
          try {
            parseRenameMappings((value as string[]) ?? []);
          } catch (e) {
            throw new ConfigException(
              name,
              value,
              (e as Error).message.replace(/^Invalid value .* for configuration renames: /, ''),
            );
          }
        },
        () => 'list of colon-delimited pairs, e.g. <code>foo:bar,abc:xyz</code>',
      ),
      importance: 'MEDIUM',
      documentation: 'Field rename mappings.',
    })
    .define({
      name: 'blacklist',
      type: 'LIST',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Deprecated. Use exclude instead.',
    })
    .define({
      name: 'whitelist',
      type: 'LIST',
      defaultValue: null,
      importance: 'LOW',
      documentation: 'Deprecated. Use include instead.',
    })
    .define(REPLACE_NULL_WITH_DEFAULT);
}

/** ConfigUtils.translateDeprecatedConfigs: old names feed new ones unless the new one is set. */
function translateDeprecated(props: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...props };
  for (const [current, old] of [
    ['include', 'whitelist'],
    ['exclude', 'blacklist'],
  ]) {
    if (old in out) {
      if (!(current in out)) out[current] = out[old];
      delete out[old];
    }
  }
  return out;
}

export class ReplaceField<R extends AnyRecord> implements Transformation<R> {
  private exclude = new Set<string>();
  private include = new Set<string>();
  private renames = new Map<string, string>();
  private reverseRenames = new Map<string, string>();
  private replaceNullWithDefault = true;
  private readonly cache = new SchemaCache();

  constructor(private readonly side: Side) {}

  config(): ConfigDef {
    return replaceFieldConfigDef();
  }

  configure(props: Readonly<Record<string, unknown>>): void {
    const p = replaceFieldConfigDef().parse(translateDeprecated(props));
    this.exclude = new Set(p.exclude as string[]);
    this.include = new Set(p.include as string[]);
    this.renames = parseRenameMappings(p.renames as string[]);
    this.reverseRenames = new Map([...this.renames].map(([a, b]) => [b, a]));
    this.replaceNullWithDefault = p[replaceNullWithDefaultKey] as boolean;
  }

  private keep(name: string): boolean {
    return !this.exclude.has(name) && (this.include.size === 0 || this.include.has(name));
  }

  private renamed(name: string): string {
    return this.renames.get(name) ?? name;
  }

  apply(record: R): R | null {
    const raw = operatingValue(this.side, record);
    if (raw === null || raw === undefined) return record;
    const schema = operatingSchema(this.side, record);
    if (schema === null) {
      const value = requireMap(raw, PURPOSE);
      const out: Record<string, unknown> = {};
      for (const k in value) if (this.keep(k)) out[this.renamed(k)] = value[k];
      return newRecordFor(this.side, record, null, out);
    }
    const value = requireStruct(raw, PURPOSE);
    const updatedSchema = this.cache.getOrBuild(value.schema, (s) => this.buildSchema(s));
    const out = new Struct(updatedSchema);
    for (const f of updatedSchema.fields)
      out.put(f, fieldValue(value, this.reverseRenames.get(f.name) ?? f.name, this.replaceNullWithDefault));
    return newRecordFor(this.side, record, updatedSchema, out);
  }

  private buildSchema(schema: Schema): Schema {
    const b = copySchemaBasics(schema, SchemaBuilder.struct());
    for (const f of schema.fields) if (this.keep(f.name)) b.field(this.renamed(f.name), f.schema);
    if (schema.optional) b.optional();
    return b.build();
  }

  close(): void {}
}
