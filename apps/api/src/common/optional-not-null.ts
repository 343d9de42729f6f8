import { ValidateIf } from 'class-validator';

/**
 * An optional field that may be absent but not null. class-validator's @IsOptional skips null as
 * well, which let `"display_name": null` through to the database (a 500); Confluent's schemas do
 * not make these fields nullable, so null is validated (and refused by the field's type check).
 */
export const IsOptionalNotNull = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);
