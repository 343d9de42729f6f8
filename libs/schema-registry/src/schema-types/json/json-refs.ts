// Resolves `$ref` inside JSON Schema documents: local JSON pointers, other documents by
// reference name (the `name` of a schema reference, or a root `$id`), and `name#/pointer`.

export type JsonSchemaNode = boolean | Record<string, unknown>;

export interface Located {
  node: JsonSchemaNode;
  /** Root of the document `node` lives in, for local `#/…` pointers. */
  doc: JsonSchemaNode;
}

function pointer(doc: JsonSchemaNode, frag: string): JsonSchemaNode | undefined {
  if (frag === '' || frag === '/') return doc;
  if (!frag.startsWith('/')) return undefined; // plain-name anchors are not supported
  let cur: unknown = doc;
  for (const raw of frag.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return typeof cur === 'boolean' || (cur !== null && typeof cur === 'object' && !Array.isArray(cur))
    ? (cur as JsonSchemaNode)
    : undefined;
}

export class JsonRefResolver {
  private readonly docs = new Map<string, JsonSchemaNode>();

  constructor(main: JsonSchemaNode, references: Array<{ name: string; doc: JsonSchemaNode }>) {
    for (const r of references) this.register(r.name, r.doc);
    if (typeof main === 'object' && typeof main.$id === 'string') this.docs.set(main.$id, main);
  }

  private register(name: string, doc: JsonSchemaNode): void {
    this.docs.set(name, doc);
    if (typeof doc === 'object' && typeof doc.$id === 'string') this.docs.set(doc.$id, doc);
  }

  private lookupDoc(base: string): JsonSchemaNode | undefined {
    const direct = this.docs.get(base);
    if (direct !== undefined) return direct;
    // `$ref: "customer.json"` may point at a reference registered as `https://x/customer.json`.
    for (const [name, doc] of this.docs) if (name.endsWith(`/${base}`) || base.endsWith(`/${name}`)) return doc;
    return undefined;
  }

  /** Whether a `$ref` found in `doc` points at a schema this resolver can reach. */
  canResolve(ref: string, doc: JsonSchemaNode): boolean {
    const hash = ref.indexOf('#');
    const base = hash < 0 ? ref : ref.slice(0, hash);
    const targetDoc = base === '' ? doc : this.lookupDoc(base);
    return targetDoc !== undefined && pointer(targetDoc, hash < 0 ? '' : ref.slice(hash + 1)) !== undefined;
  }

  /** Follows `$ref` chains; sibling keywords next to a `$ref` are merged over the target. */
  deref(loc: Located): Located {
    let { node, doc } = loc;
    for (let hops = 0; hops < 32 && typeof node === 'object' && typeof node.$ref === 'string'; hops++) {
      const ref = node.$ref as string;
      const hash = ref.indexOf('#');
      const base = hash < 0 ? ref : ref.slice(0, hash);
      const frag = hash < 0 ? '' : ref.slice(hash + 1);
      const targetDoc = base === '' ? doc : this.lookupDoc(base);
      const target = targetDoc === undefined ? undefined : pointer(targetDoc, frag);
      if (target === undefined || targetDoc === undefined) return { node: {}, doc }; // ajv already refused dangling refs
      const { $ref: _ignored, ...siblings } = node;
      node = Object.keys(siblings).length === 0 || typeof target === 'boolean' ? target : { ...target, ...siblings };
      doc = targetDoc;
    }
    return { node, doc };
  }
}
