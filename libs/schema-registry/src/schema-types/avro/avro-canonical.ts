import { sortKeysDeep } from '@libs/canonical-json';
import { isNamed, type AvroNode } from './avro-ast';

/**
 * Identity form of an Avro schema: full names, fixed key order, no whitespace, each named type
 * written in full once. Unlike Avro's Parsing Canonical Form it keeps defaults, aliases, doc,
 * order, logicalType and custom properties: those change what a schema means for resolution or
 * for users, so a schema that only adds a default must get a new version, not the old id.
 */
export function avroCanonicalString(root: AvroNode): string {
  return JSON.stringify(toCanonical(root, new Set()));
}

function withExtra(base: Record<string, unknown>, extra: Record<string, unknown>): Record<string, unknown> {
  for (const k of Object.keys(extra).sort()) base[k] = sortKeysDeep(extra[k]);
  return base;
}

function toCanonical(n: AvroNode, written: Set<string>): unknown {
  if (isNamed(n)) {
    if (written.has(n.fullName)) return n.fullName;
    written.add(n.fullName);
  }
  switch (n.kind) {
    case 'primitive':
      return Object.keys(n.extra).length === 0 ? n.type : withExtra({ type: n.type }, n.extra);
    case 'array':
      return withExtra({ type: 'array', items: toCanonical(n.items, written) }, n.extra);
    case 'map':
      return withExtra({ type: 'map', values: toCanonical(n.values, written) }, n.extra);
    case 'union':
      return n.branches.map((b) => toCanonical(b, written));
    case 'fixed':
      return withExtra(
        { type: 'fixed', name: n.fullName, ...(n.aliases.length ? { aliases: n.aliases } : {}), size: n.size },
        n.extra,
      );
    case 'enum':
      return withExtra(
        {
          type: 'enum',
          name: n.fullName,
          ...(n.aliases.length ? { aliases: n.aliases } : {}),
          symbols: n.symbols,
          ...(n.default !== undefined ? { default: n.default } : {}),
        },
        n.extra,
      );
    case 'record':
      return withExtra(
        {
          type: n.recordType,
          name: n.fullName,
          ...(n.aliases.length ? { aliases: n.aliases } : {}),
          fields: n.fields.map((f) =>
            withExtra(
              {
                name: f.name,
                type: toCanonical(f.type, written),
                ...(f.hasDefault ? { default: sortKeysDeep(f.default) } : {}),
                ...(f.aliases.length ? { aliases: f.aliases } : {}),
              },
              // `order: ascending` is the default; writing it or not is the same schema.
              Object.fromEntries(Object.entries(f.extra).filter(([k, v]) => !(k === 'order' && v === 'ascending'))),
            ),
          ),
        },
        n.extra,
      );
  }
}
