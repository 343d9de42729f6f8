// `schema-registry schema describe` in human form, as the Go CLI prints it (CLI.md §9): the id, the
// type (AVRO when the registry leaves it out), the schema pretty-printed with 4 spaces, then the
// references, metadata and ruleset when the schema has them.

export interface DescribedSchema {
  id?: number;
  schema: string;
  schemaType?: string;
  references?: { name: string; subject: string; version: number }[];
  metadata?: unknown;
  ruleSet?: unknown;
}

const pretty = (v: unknown) => JSON.stringify(v, null, 4);

export function schemaText(s: DescribedSchema, id: string | number | undefined): string {
  let body = s.schema;
  try {
    body = pretty(JSON.parse(s.schema));
  } catch {
    // Protobuf: not JSON, printed as is
  }
  const parts = [`Schema ID: ${s.id ?? id}`, `Type: ${s.schemaType ?? 'AVRO'}`, `Schema:\n${body}`];
  if (s.references?.length)
    parts.push(`References:\n${s.references.map((r) => `\t${r.name} -> ${r.subject} ${r.version}`).join('\n')}`);
  if (s.metadata) parts.push(`Metadata:\n${pretty(s.metadata)}`);
  if (s.ruleSet) parts.push(`Ruleset:\n${pretty(s.ruleSet)}`);
  return `${parts.join('\n')}\n`;
}
