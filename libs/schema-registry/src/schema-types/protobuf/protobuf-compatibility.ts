import type { PbField, PbFile, PbMessage } from './protobuf-model';

// Confluent's Protobuf rules as a diff of the writer's file against the reader's file
// (BACKWARD: writer = old, reader = new; FORWARD swaps them). Messages are matched by name
// relative to their package, fields by number. Checked against the cases Confluent publishes
// with its Protobuf provider (package renames, message moves and enum<->int32 are compatible;
// removing a message or a oneof member is not).

/** Scalars sharing an encoding: a reader of one decodes the other. */
const WIRE_GROUPS = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];
const VARINT = new Set(WIRE_GROUPS[0]);
const LENGTH_DELIMITED = new Set(['string', 'bytes']);

interface Labels {
  reader: string;
  writer: string;
}

interface Ctx {
  reader: PbFile;
  writer: PbFile;
  labels: Labels;
  out: string[];
  /** Imported message pairs already compared (by relative name), with their outcome. */
  importedDone: Map<string, boolean>;
}

function wireCompatible(a: string, b: string): boolean {
  return a === b || WIRE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

function add(out: string[], type: string, where: string, description: string): void {
  out.push(`{errorType:'${type}', path:'${where}', description:'${description}'}`);
}

const pathOf = (m: PbMessage): string => `#/${m.relName.replace(/\./g, '/')}`;

export function protobufReadIncompatibilities(reader: PbFile, writer: PbFile, labels: Labels): string[] {
  const ctx: Ctx = { reader, writer, labels, out: [], importedDone: new Map() };
  if (reader.syntax !== writer.syntax) {
    add(
      ctx.out,
      'SYNTAX_VERSION_CHANGED',
      '#/',
      `The ${labels.writer} schema has syntax ${writer.syntax}, the ${labels.reader} schema ${reader.syntax}`,
    );
  }
  if (reader.package !== writer.package) {
    add(
      ctx.out,
      'PACKAGE_CHANGED',
      '#/',
      `The ${labels.writer} schema has package '${writer.package}', the ${labels.reader} schema '${reader.package}'`,
    );
  }
  const readerMessages = new Map(reader.messages.map((m) => [m.relName, m]));
  for (const wm of writer.messages) {
    const rm = readerMessages.get(wm.relName);
    if (!rm) {
      add(
        ctx.out,
        'MESSAGE_REMOVED',
        pathOf(wm),
        `Message ${wm.relName} of the ${labels.writer} schema is missing in the ${labels.reader} schema`,
      );
      continue;
    }
    compareMessage(rm, wm, ctx, ctx.out);
  }
  return ctx.out;
}

function compareMessage(rm: PbMessage, wm: PbMessage, ctx: Ctx, out: string[]): void {
  const { reader: rl, writer: wl } = ctx.labels;
  const rByNum = new Map(rm.fields.map((f) => [f.number, f]));
  const wByNum = new Map(wm.fields.map((f) => [f.number, f]));
  const at = (f: PbField): string => `${pathOf(rm)}/${f.number}`;
  for (const wf of wm.fields) {
    const rf = rByNum.get(wf.number);
    if (rf) {
      compareField(rf, wf, at(wf), ctx, out);
    } else if (wf.label === 'required') {
      add(
        out,
        'REQUIRED_FIELD_REMOVED',
        at(wf),
        `Required field ${wf.name} = ${wf.number} of the ${wl} schema is missing in the ${rl} schema`,
      );
    }
  }
  for (const rf of rm.fields) {
    if (!wByNum.has(rf.number) && rf.label === 'required') {
      add(
        out,
        'REQUIRED_FIELD_ADDED',
        at(rf),
        `The ${rl} schema requires field ${rf.name} = ${rf.number}, which the ${wl} schema does not have`,
      );
    }
  }
  // Oneof membership. A reader oneof may gather the surviving fields of one writer oneof (a
  // rename or a split) or exactly one former top-level field; anything else makes fields that
  // could be set together mutually exclusive.
  const gathered = new Map<string, PbField[]>();
  for (const rf of rm.fields) {
    if (rf.oneof && wByNum.has(rf.number)) gathered.set(rf.oneof, [...(gathered.get(rf.oneof) ?? []), rf]);
  }
  for (const [oneof, fields] of gathered) {
    const fromOneofs = new Set(fields.map((f) => wByNum.get(f.number)?.oneof).filter((o): o is string => !!o));
    const topLevel = fields.filter((f) => !wByNum.get(f.number)?.oneof);
    if ((fromOneofs.size === 1 && topLevel.length === 0) || (fromOneofs.size === 0 && topLevel.length === 1)) continue;
    const names = fields.map((f) => f.name).join(', ');
    if (fromOneofs.size === 0 && !wm.oneofs.includes(oneof)) {
      add(
        out,
        'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
        `${pathOf(rm)}/${oneof}`,
        `Fields ${names} moved together into the new oneof ${oneof}`,
      );
    } else {
      add(
        out,
        'FIELD_MOVED_TO_EXISTING_ONEOF',
        `${pathOf(rm)}/${oneof}`,
        `Oneof ${oneof} of the ${rl} schema joins fields (${names}) that were independent or in other oneofs in the ${wl} schema`,
      );
    }
  }
  // Dropping a member from a oneof that lives on (possibly renamed) is not compatible.
  for (const w of wm.oneofs) {
    const members = wm.fields.filter((f) => f.oneof === w);
    if (!members.some((f) => rByNum.get(f.number)?.oneof)) continue;
    for (const f of members) {
      if (!rByNum.has(f.number)) {
        add(
          out,
          'ONEOF_FIELD_REMOVED',
          `${pathOf(rm)}/${w}/${f.number}`,
          `Field ${f.name} = ${f.number} of oneof ${w} in the ${wl} schema is missing in the ${rl} schema while the oneof remains`,
        );
      }
    }
  }
}

function describe(f: PbField): string {
  return f.kind === 'map' ? `map<${f.keyType}, ${f.typeRef ?? f.type}>` : (f.typeRef ?? f.type);
}

function compareField(rf: PbField, wf: PbField, where: string, ctx: Ctx, out: string[]): void {
  const { reader: rl, writer: wl } = ctx.labels;
  if ((rf.kind === 'map') !== (wf.kind === 'map')) {
    add(
      out,
      'FIELD_KIND_CHANGED',
      where,
      `Field ${wf.number} is ${describe(wf)} in the ${wl} schema and ${describe(rf)} in the ${rl} schema`,
    );
    return;
  }
  if (rf.kind === 'map' && rf.keyType !== wf.keyType && !wireCompatible(rf.keyType ?? '', wf.keyType ?? '')) {
    add(
      out,
      'FIELD_SCALAR_KIND_CHANGED',
      where,
      `Map field ${wf.number} key changed from ${wf.keyType} to ${rf.keyType}`,
    );
  }
  const rk = rf.kind === 'map' ? mapValueKind(rf) : rf.kind;
  const wk = wf.kind === 'map' ? mapValueKind(wf) : wf.kind;
  // Enums are varints on the wire: enum <-> int32/int64/uint32/uint64/bool reads fine.
  const enumVarint = (enumSide: string, otherSide: string, otherType: string): boolean =>
    enumSide === 'enum' && otherSide === 'scalar' && VARINT.has(otherType);
  if (rk !== wk) {
    if (!(enumVarint(rk, wk, wf.type) || enumVarint(wk, rk, rf.type))) {
      add(
        out,
        'FIELD_KIND_CHANGED',
        where,
        `Field ${wf.number} is ${wk} ${describe(wf)} in the ${wl} schema and ${rk} ${describe(rf)} in the ${rl} schema`,
      );
      return;
    }
  } else if (rk === 'scalar') {
    if (!wireCompatible(rf.type, wf.type))
      add(
        out,
        'FIELD_SCALAR_KIND_CHANGED',
        where,
        `Field ${wf.number} changed from ${wf.type} to ${rf.type}, which are not wire-compatible`,
      );
  } else if (rf.typeRef !== wf.typeRef) {
    add(out, 'FIELD_NAMED_TYPE_CHANGED', where, `Field ${wf.number} changed from ${wf.typeRef} to ${rf.typeRef}`);
  } else if (rk === 'message' && !importedCompatible(rf.typeRef as string, ctx, out)) {
    add(
      out,
      'FIELD_NAMED_TYPE_CHANGED',
      where,
      `Field ${wf.number}: the imported message ${rf.typeRef} changed incompatibly`,
    );
  }
  const rRep = rf.label === 'repeated';
  const wRep = wf.label === 'repeated';
  if (rRep !== wRep && rf.kind !== 'map') {
    // Singular and repeated share an encoding only for length-delimited values (packed numerics do not).
    const lengthDelimited =
      rk === 'message' || (rk === 'scalar' && LENGTH_DELIMITED.has(rf.type) && LENGTH_DELIMITED.has(wf.type));
    if (!lengthDelimited)
      add(
        out,
        'FIELD_NUMERIC_LABEL_CHANGED',
        where,
        `Field ${wf.number} (${describe(wf)}) changed between repeated and singular, which changes its encoding`,
      );
  }
  if (rf.label === 'required' && wf.label !== 'required') {
    add(
      out,
      'REQUIRED_FIELD_ADDED',
      where,
      `The ${rl} schema makes field ${rf.name} = ${rf.number} required; the ${wl} schema may omit it`,
    );
  }
}

function mapValueKind(f: PbField): 'scalar' | 'message' | 'enum' {
  return f.mapValueKind ?? 'scalar';
}

/**
 * Messages from imports are compared structurally, once per name; messages of the file itself
 * are compared by the top-level loop. Returns whether the pair is compatible.
 */
function importedCompatible(relName: string, ctx: Ctx, out: string[]): boolean {
  const done = ctx.importedDone.get(relName);
  if (done !== undefined) return done;
  const rm = ctx.reader.imported.get(relName);
  const wm = ctx.writer.imported.get(relName);
  if (!rm || !wm) return true; // declared in the file on one side: the message loop covers it
  ctx.importedDone.set(relName, true); // recursion through the same type assumes compatibility
  const sub: string[] = [];
  compareMessage(rm, wm, ctx, sub);
  out.push(...sub);
  ctx.importedDone.set(relName, sub.length === 0);
  return sub.length === 0;
}
