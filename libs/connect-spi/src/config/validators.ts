// ConfigDef validators with Kafka's messages. ensureValid throws ConfigException(name, value, why).
import { ConfigException } from '../errors';
import type { ParsedConfig } from './config-def';

export interface Validator {
  ensureValid(name: string, value: unknown): void;
  toString(): string;
}

export interface Recommender {
  /** Allowed values given the other parsed values (shown as recommended_values). */
  validValues(name: string, parsed: ParsedConfig): unknown[];
  /** Whether the key applies given the other parsed values (shown as visible). */
  visible(name: string, parsed: ParsedConfig): boolean;
}

export class Range implements Validator {
  private constructor(
    private readonly min: number | null,
    private readonly max: number | null,
  ) {}
  static atLeast(min: number): Range {
    return new Range(min, null);
  }
  static atMost(max: number): Range {
    return new Range(null, max);
  }
  static between(min: number, max: number): Range {
    return new Range(min, max);
  }
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw new ConfigException(name, null, 'Value must be non-null');
    const n = Number(value);
    if (this.min !== null && n < this.min) throw new ConfigException(name, value, `Value must be at least ${this.min}`);
    if (this.max !== null && n > this.max)
      throw new ConfigException(name, value, `Value must be no more than ${this.max}`);
  }
  toString(): string {
    if (this.min === null) return `[...,${this.max}]`;
    if (this.max === null) return `[${this.min},...]`;
    return `[${this.min},...,${this.max}]`;
  }
}

export class ValidString implements Validator {
  private constructor(private readonly valid: string[]) {}
  static in(...valid: string[]): ValidString {
    return new ValidString(valid);
  }
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.valid.includes(value))
      throw new ConfigException(name, value, `String must be one of: ${this.valid.join(', ')}`);
  }
  toString(): string {
    return `[${this.valid.join(', ')}]`;
  }
}

export class CaseInsensitiveValidString implements Validator {
  private readonly lower: Set<string>;
  private constructor(private readonly valid: string[]) {
    this.lower = new Set(valid.map((v) => v.toLowerCase()));
  }
  static in(...valid: string[]): CaseInsensitiveValidString {
    return new CaseInsensitiveValidString(valid);
  }
  ensureValid(name: string, value: unknown): void {
    if (typeof value !== 'string' || !this.lower.has(value.toLowerCase()))
      throw new ConfigException(name, value, `String must be one of (case insensitive): ${this.valid.join(', ')}`);
  }
  toString(): string {
    return `(case insensitive) [${this.valid.join(', ')}]`;
  }
}

export class ValidList implements Validator {
  private constructor(private readonly valid: string[]) {}
  static in(...valid: string[]): ValidList {
    return new ValidList(valid);
  }
  ensureValid(name: string, value: unknown): void {
    for (const v of (value as unknown[] | null) ?? []) {
      if (typeof v !== 'string' || !this.valid.includes(v))
        throw new ConfigException(name, v, `String must be one of: ${this.valid.join(', ')}`);
    }
  }
  toString(): string {
    return `[${this.valid.join(', ')}]`;
  }
}

export class NonNullValidator implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) throw new ConfigException(name, value, 'Entry must be non null');
  }
  toString(): string {
    return 'non-null string';
  }
}

export class NonEmptyString implements Validator {
  ensureValid(name: string, value: unknown): void {
    // Like Kafka, null passes: only an empty string is rejected (required keys fail earlier).
    if (typeof value === 'string' && value.length === 0)
      throw new ConfigException(name, value, 'String must be non-empty');
  }
  toString(): string {
    return 'non-empty string';
  }
}

/** Character.isISOControl: U+0000–U+001F and U+007F–U+009F. */
function isIsoControl(c: string): boolean {
  const code = c.charCodeAt(0);
  return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

export class NonEmptyStringWithoutControlChars implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'string' && value.length === 0)
      throw new ConfigException(name, value, 'String may not be empty');
    if (typeof value === 'string' && [...value].some(isIsoControl))
      throw new ConfigException(
        name,
        value,
        'String may not contain control sequences but had the following ASCII chars: ' +
          [...value]
            .filter((c) => isIsoControl(c))
            .map((c) => c.charCodeAt(0))
            .join(', '),
      );
  }
  toString(): string {
    return 'non-empty string without ISO control characters';
  }
}

/** A LIST whose entries are all non-empty (Kafka's NonEmptyListValidator/ list must not be empty). */
export class NonEmptyList implements Validator {
  ensureValid(name: string, value: unknown): void {
    if (!Array.isArray(value) || value.length === 0) throw new ConfigException(name, value, 'Empty list');
  }
  toString(): string {
    return 'non-empty list';
  }
}

export class CompositeValidator implements Validator {
  private constructor(private readonly validators: Validator[]) {}
  static of(...validators: Validator[]): CompositeValidator {
    return new CompositeValidator(validators);
  }
  ensureValid(name: string, value: unknown): void {
    for (const v of this.validators) v.ensureValid(name, value);
  }
  toString(): string {
    return this.validators.map(String).join(', ');
  }
}

export class LambdaValidator implements Validator {
  private constructor(
    private readonly fn: (name: string, value: unknown) => void,
    private readonly description: () => string,
  ) {}
  static with(fn: (name: string, value: unknown) => void, description: () => string = () => ''): LambdaValidator {
    return new LambdaValidator(fn, description);
  }
  ensureValid(name: string, value: unknown): void {
    this.fn(name, value);
  }
  toString(): string {
    return this.description();
  }
}
