import { isNamed, shortName, type AvroField, type AvroNamed, type AvroNode, type AvroRecord } from './avro-ast';

// Avro schema resolution (spec "Schema Resolution"), as Avro's SchemaCompatibility applies it
// and Confluent reports it: can a reader schema decode every datum of a writer schema?

const PROMOTIONS: Record<string, string[]> = {
  int: ['long', 'float', 'double'],
  long: ['float', 'double'],
  float: ['double'],
  string: ['bytes'],
  bytes: ['string'],
};

interface Ctx {
  reasons: string[];
  labels: { reader: string; writer: string };
  /** Pairs under check: recursion into the same pair assumes compatibility (coinductive). */
  inProgress: Map<AvroNode, Set<AvroNode>>;
}

function describe(n: AvroNode): string {
  if (isNamed(n)) return `${n.kind} ${n.fullName}`;
  if (n.kind === 'primitive') return n.type;
  return n.kind;
}

function add(ctx: Ctx, errorType: string, path: string, description: string): void {
  ctx.reasons.push(`{errorType:'${errorType}', path:'${path || '/'}', description:'${description}'}`);
}

/** Names match if the unqualified names are equal or the reader lists the writer's name as an alias. */
function namesMatch(reader: AvroNamed, writer: AvroNamed): boolean {
  if (shortName(reader.fullName) === shortName(writer.fullName)) return true;
  return reader.aliases.some((a) => a === writer.fullName || shortName(a) === shortName(writer.fullName));
}

const fieldIndex = new WeakMap<AvroRecord, Map<string, AvroField>>();

/** Field lookup by name, built once per record: schemas may have tens of thousands of fields. */
function fieldsByName(r: AvroRecord): Map<string, AvroField> {
  let m = fieldIndex.get(r);
  if (!m) fieldIndex.set(r, (m = new Map(r.fields.map((f) => [f.name, f]))));
  return m;
}

/** Returns the reasons a reader schema cannot read data written with the writer schema. */
export function avroReadIncompatibilities(
  reader: AvroNode,
  writer: AvroNode,
  labels: { reader: string; writer: string },
): string[] {
  const ctx: Ctx = { reasons: [], labels, inProgress: new Map() };
  check(reader, writer, '', ctx);
  return ctx.reasons;
}

/** Cheap test (no reasons) used to pick a union branch. */
function canRead(reader: AvroNode, writer: AvroNode, ctx: Ctx): boolean {
  const sub: Ctx = { reasons: [], labels: ctx.labels, inProgress: ctx.inProgress };
  check(reader, writer, '', sub);
  return sub.reasons.length === 0;
}

function check(reader: AvroNode, writer: AvroNode, path: string, ctx: Ctx): void {
  let seen = ctx.inProgress.get(reader);
  if (seen?.has(writer)) return;
  if (!seen) ctx.inProgress.set(reader, (seen = new Set()));
  seen.add(writer);
  try {
    checkNode(reader, writer, path, ctx);
  } finally {
    seen.delete(writer);
  }
}

function checkNode(reader: AvroNode, writer: AvroNode, path: string, ctx: Ctx): void {
  const { reader: rl, writer: wl } = ctx.labels;
  // A writer union is read branch by branch: every branch it may have written must be readable.
  if (writer.kind === 'union') {
    writer.branches.forEach((b, i) => {
      if (reader.kind === 'union') {
        if (!reader.branches.some((rb) => canRead(rb, b, ctx))) {
          add(
            ctx,
            'MISSING_UNION_BRANCH',
            `${path}/${i}`,
            `The ${wl} schema has a union branch ${describe(b)} at index ${i} that the ${rl} schema's union cannot read`,
          );
        }
      } else {
        check(reader, b, `${path}/${i}`, ctx);
      }
    });
    return;
  }
  if (reader.kind === 'union') {
    // Avro picks the first reader branch that matches the writer's type (same named type first).
    const sameName = reader.branches.find(
      (b) => isNamed(b) && isNamed(writer) && b.kind === writer.kind && namesMatch(b, writer),
    );
    if (sameName) return check(sameName, writer, path, ctx);
    if (!reader.branches.some((b) => canRead(b, writer, ctx))) {
      add(
        ctx,
        'MISSING_UNION_BRANCH',
        path,
        `The ${rl} schema's union has no branch that can read ${describe(writer)} from the ${wl} schema`,
      );
    }
    return;
  }
  if (reader.kind === 'primitive' && writer.kind === 'primitive') {
    if (reader.type !== writer.type && !(PROMOTIONS[writer.type] ?? []).includes(reader.type)) {
      add(
        ctx,
        'TYPE_MISMATCH',
        path,
        `The type at path '${path || '/'}' in the ${rl} schema (${reader.type}) does not match the ${wl} schema (${writer.type})`,
      );
    }
    return;
  }
  if (reader.kind !== writer.kind) {
    add(
      ctx,
      'TYPE_MISMATCH',
      path,
      `The type at path '${path || '/'}' in the ${rl} schema (${describe(reader)}) does not match the ${wl} schema (${describe(writer)})`,
    );
    return;
  }
  switch (reader.kind) {
    case 'array':
      return check(reader.items, (writer as typeof reader).items, `${path}/items`, ctx);
    case 'map':
      return check(reader.values, (writer as typeof reader).values, `${path}/values`, ctx);
    case 'fixed': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w))
        add(
          ctx,
          'NAME_MISMATCH',
          `${path}/name`,
          `The ${rl} fixed ${reader.fullName} does not match the ${wl} fixed ${w.fullName} by name or alias`,
        );
      if (reader.size !== w.size)
        add(
          ctx,
          'FIXED_SIZE_MISMATCH',
          `${path}/size`,
          `The ${rl} fixed ${reader.fullName} has size ${reader.size}, the ${wl} has size ${w.size}`,
        );
      return;
    }
    case 'enum': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w))
        add(
          ctx,
          'NAME_MISMATCH',
          `${path}/name`,
          `The ${rl} enum ${reader.fullName} does not match the ${wl} enum ${w.fullName} by name or alias`,
        );
      // Symbols unknown to the reader fail at read time unless the reader has a default symbol.
      const missing = w.symbols.filter((s) => !reader.symbols.includes(s));
      if (missing.length > 0 && reader.default === undefined) {
        add(
          ctx,
          'MISSING_ENUM_SYMBOLS',
          `${path}/symbols`,
          `The ${rl} enum ${reader.fullName} is missing symbols [${missing.join(', ')}] of the ${wl} schema and has no default`,
        );
      }
      return;
    }
    case 'record': {
      const w = writer as typeof reader;
      if (!namesMatch(reader, w)) {
        add(
          ctx,
          'NAME_MISMATCH',
          `${path}/name`,
          `The ${rl} record ${reader.fullName} does not match the ${wl} record ${w.fullName} by name or alias`,
        );
        return;
      }
      reader.fields.forEach((rf, i) => {
        const byName = fieldsByName(w);
        const wf = byName.get(rf.name) ?? rf.aliases.map((a) => byName.get(a)).find((f) => f !== undefined);
        if (wf) {
          check(rf.type, wf.type, `${path}/fields/${i}/type`, ctx);
        } else if (!rf.hasDefault) {
          add(
            ctx,
            'READER_FIELD_MISSING_DEFAULT_VALUE',
            `${path}/fields/${i}`,
            `The field '${rf.name}' at path '${path}/fields/${i}' in the ${rl} schema has no default value and is missing in the ${wl} schema`,
          );
        }
      });
      return;
    }
    default:
      return;
  }
}
