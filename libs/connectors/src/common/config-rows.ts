// A connector's properties as table rows (name, type, default, group, order, display name,
// documentation), the way Confluent's docs list them, and their definition into a ConfigDef.
import type { ConfigDef } from '@libs/connect-spi';

export type ConfigRowType = 'STRING' | 'INT' | 'LONG' | 'BOOLEAN' | 'LIST' | 'PASSWORD';

export type ConfigRow = [
  name: string,
  type: ConfigRowType,
  def: unknown,
  group: string,
  order: number,
  display: string,
  doc: string,
];

/** Defines each row (importance HIGH; `undefined` default = required). */
export function defineRows(d: ConfigDef, rows: readonly ConfigRow[]): ConfigDef {
  for (const [name, type, defaultValue, group, orderInGroup, displayName, documentation] of rows)
    d.define({
      name,
      type,
      ...(defaultValue !== undefined ? { defaultValue } : {}),
      importance: 'HIGH',
      documentation,
      group,
      orderInGroup,
      displayName,
    });
  return d;
}
