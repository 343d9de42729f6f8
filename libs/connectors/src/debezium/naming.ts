// Topic and schema names of Debezium connectors: data topics `<topic.prefix>.<db|schema>.<table>`,
// the heartbeat topic, and schema.name.adjustment.mode (none / avro / avro_unicode).
export type NameAdjustmentMode = 'none' | 'avro' | 'avro_unicode';

export function dataTopic(prefix: string, container: string, table: string): string {
  return `${prefix}.${container}.${table}`;
}

export function heartbeatTopic(heartbeatPrefix: string, prefix: string): string {
  return `${heartbeatPrefix}.${prefix}`;
}

/** A dotted schema name with each part made Avro-safe as the mode says. */
export function adjustSchemaName(name: string, mode: NameAdjustmentMode): string {
  if (mode === 'none') return name;
  return name
    .split('.')
    .map((part) => adjustPart(part, mode))
    .join('.');
}

function adjustPart(part: string, mode: 'avro' | 'avro_unicode'): string {
  let out = '';
  for (let i = 0; i < part.length; i++) {
    const ch = part[i]!;
    const ok = /[A-Za-z_]/.test(ch) || (i > 0 && /[0-9]/.test(ch));
    out += ok ? ch : mode === 'avro' ? '_' : `_u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
  }
  return out;
}
