import type { PbField, PbFile, PbMessage } from './protobuf-model';

// Confluent's Protobuf rules as a diff of the writer's file against the reader's file
// (BACKWARD: writer = old, reader = new; FORWARD swaps them). Fields are matched by number.

/** Scalars sharing an encoding: a reader of one decodes the other (protobuf "Updating a message type"). */
const WIRE_GROUPS = [
  ['int32', 'uint32', 'int64', 'uint64', 'bool'],
  ['sint32', 'sint64'],
  ['fixed32', 'sfixed32'],
  ['fixed64', 'sfixed64'],
  ['string', 'bytes'],
];
const LENGTH_DELIMITED = new Set(['string', 'bytes']);

function wireCompatible(a: string, b: string): boolean {
  return a === b || WIRE_GROUPS.some((g) => g.includes(a) && g.includes(b));
}

function add(out: string[], type: string, where: string, description: string): void {
  out.push(`{errorType:'${type}', path:'${where}', description:'${description}'}`);
}

export function protobufReadIncompatibilities(
  reader: PbFile,
  writer: PbFile,
  labels: { reader: string; writer: string },
): string[] {
  const out: string[] = [];
  const { reader: rl, writer: wl } = labels;
  if (reader.syntax !== writer.syntax)
    add(
      out,
      'SYNTAX_VERSION_CHANGED',
      '#/',
      `The ${wl} schema has syntax ${writer.syntax}, the ${rl} schema ${reader.syntax}`,
    );
  if (reader.package !== writer.package)
    add(
      out,
      'PACKAGE_CHANGED',
      '#/',
      `The ${wl} schema has package '${writer.package}', the ${rl} schema '${reader.package}'`,
    );
  const readerMessages = new Map(reader.messages.map((m) => [m.fullName, m]));
  for (const wm of writer.messages) {
    const rm = readerMessages.get(wm.fullName);
    if (!rm) {
      add(
        out,
        'MESSAGE_REMOVED',
        `#/${wm.fullName}`,
        `Message ${wm.fullName} of the ${wl} schema is missing in the ${rl} schema`,
      );
      continue;
    }
    if (rm.indexPath.join('.') !== wm.indexPath.join('.')) {
      // Message indexes in the wire format would point at another message.
      add(
        out,
        'MESSAGE_MOVED',
        `#/${wm.fullName}`,
        `Message ${wm.fullName} is at index [${wm.indexPath}] in the ${wl} schema and [${rm.indexPath}] in the ${rl} schema`,
      );
    }
    compareMessage(rm, wm, out, labels);
  }
  return out;
}

function compareMessage(rm: PbMessage, wm: PbMessage, out: string[], labels: { reader: string; writer: string }): void {
  const { reader: rl, writer: wl } = labels;
  const rByNum = new Map(rm.fields.map((f) => [f.number, f]));
  const wByNum = new Map(wm.fields.map((f) => [f.number, f]));
  const at = (f: PbField): string => `#/${rm.fullName}/${f.number}`;
  for (const wf of wm.fields) {
    const rf = rByNum.get(wf.number);
    if (!rf) {
      if (wf.label === 'required')
        add(
          out,
          'REQUIRED_FIELD_REMOVED',
          at(wf),
          `Required field ${wf.name} = ${wf.number} of the ${wl} schema is missing in the ${rl} schema`,
        );
      continue;
    }
    compareField(rf, wf, at(wf), out, labels);
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
  // Moving existing fields into oneofs: one field into a new oneof is safe; more, or into an existing oneof, is not.
  const movedInto = new Map<string, PbField[]>();
  for (const rf of rm.fields) {
    const wf = wByNum.get(rf.number);
    if (rf.oneof && wf && !wf.oneof) movedInto.set(rf.oneof, [...(movedInto.get(rf.oneof) ?? []), rf]);
  }
  for (const [oneof, fields] of movedInto) {
    if (wm.oneofs.includes(oneof)) {
      add(
        out,
        'FIELD_MOVED_TO_EXISTING_ONEOF',
        `#/${rm.fullName}/${oneof}`,
        `Field(s) ${fields.map((f) => f.name).join(', ')} moved into oneof ${oneof}, which already exists in the ${wl} schema`,
      );
    } else if (fields.length > 1) {
      add(
        out,
        'MULTIPLE_FIELDS_MOVED_TO_ONEOF',
        `#/${rm.fullName}/${oneof}`,
        `Fields ${fields.map((f) => f.name).join(', ')} moved together into the new oneof ${oneof}`,
      );
    }
  }
}

function compareField(
  rf: PbField,
  wf: PbField,
  where: string,
  out: string[],
  labels: { reader: string; writer: string },
): void {
  const { reader: rl, writer: wl } = labels;
  const desc = (f: PbField): string => (f.kind === 'map' ? `map<${f.keyType}, ${f.type}>` : f.type);
  if (rf.kind !== wf.kind) {
    add(
      out,
      'FIELD_KIND_CHANGED',
      where,
      `Field ${wf.number} is ${wf.kind} ${desc(wf)} in the ${wl} schema and ${rf.kind} ${desc(rf)} in the ${rl} schema`,
    );
    return;
  }
  if (rf.kind === 'scalar') {
    if (!wireCompatible(rf.type, wf.type))
      add(
        out,
        'FIELD_SCALAR_KIND_CHANGED',
        where,
        `Field ${wf.number} changed from ${wf.type} to ${rf.type}, which are not wire-compatible`,
      );
  } else if (rf.kind === 'map') {
    if (rf.keyType !== wf.keyType || !(rf.type === wf.type || wireCompatible(rf.type, wf.type))) {
      add(out, 'FIELD_NAMED_TYPE_CHANGED', where, `Map field ${wf.number} changed from ${desc(wf)} to ${desc(rf)}`);
    }
  } else if (rf.type !== wf.type) {
    add(out, 'FIELD_NAMED_TYPE_CHANGED', where, `Field ${wf.number} changed from ${wf.type} to ${rf.type}`);
  }
  const rRep = rf.label === 'repeated';
  const wRep = wf.label === 'repeated';
  if (rRep !== wRep && rf.kind !== 'map') {
    // Singular and repeated share an encoding only for length-delimited values (packed numerics do not).
    const lengthDelimited =
      rf.kind === 'message' || (rf.kind === 'scalar' && LENGTH_DELIMITED.has(rf.type) && LENGTH_DELIMITED.has(wf.type));
    if (!lengthDelimited) {
      add(
        out,
        'FIELD_NUMERIC_LABEL_CHANGED',
        where,
        `Field ${wf.number} (${desc(wf)}) changed between repeated and singular, which changes its encoding`,
      );
    }
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
