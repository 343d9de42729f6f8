// ConfigDef vocabulary: value types, importance, display width, the "no default" marker and the
// Password wrapper that keeps secrets out of logs and validate responses.

export const ConfigType = {
  BOOLEAN: 'BOOLEAN',
  STRING: 'STRING',
  INT: 'INT',
  SHORT: 'SHORT',
  LONG: 'LONG',
  DOUBLE: 'DOUBLE',
  LIST: 'LIST',
  CLASS: 'CLASS',
  PASSWORD: 'PASSWORD',
} as const;
export type ConfigType = (typeof ConfigType)[keyof typeof ConfigType];

export const Importance = { HIGH: 'HIGH', MEDIUM: 'MEDIUM', LOW: 'LOW' } as const;
export type Importance = (typeof Importance)[keyof typeof Importance];

export const Width = { NONE: 'NONE', SHORT: 'SHORT', MEDIUM: 'MEDIUM', LONG: 'LONG' } as const;
export type Width = (typeof Width)[keyof typeof Width];

/** Marks a key as required (ConfigDef.NO_DEFAULT_VALUE). */
export const NO_DEFAULT_VALUE: unique symbol = Symbol('ConfigDef.NO_DEFAULT_VALUE');
export type NoDefault = typeof NO_DEFAULT_VALUE;

/** What Password.toString() prints, and so what validate responses show for secrets. */
export const HIDDEN = '[hidden]';

export class Password {
  constructor(private readonly secret: string) {}
  value(): string {
    return this.secret;
  }
  toString(): string {
    return HIDDEN;
  }
  toJSON(): string {
    return HIDDEN;
  }
  equals(other: unknown): boolean {
    return other instanceof Password && other.secret === this.secret;
  }
}
