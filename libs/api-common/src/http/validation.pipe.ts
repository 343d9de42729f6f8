import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ApiError } from '../errors/api-error';

function firstLeaf(errors: ValidationError[], path: string[]): { path: string[]; message: string } | undefined {
  for (const e of errors) {
    const here = [...path, e.property];
    if (e.constraints && Object.keys(e.constraints).length > 0) {
      const message = Object.values(e.constraints)[0] ?? 'is invalid';
      return { path: here, message };
    }
    const deeper = firstLeaf(e.children ?? [], here);
    if (deeper) return deeper;
  }
  return undefined;
}

/**
 * class-validator DTOs; unknown properties are rejected (forbidNonWhitelisted), and the first
 * failure becomes a 400 whose source.pointer names the field, e.g. /spec/display_name.
 */
export function apiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => {
      const leaf = firstLeaf(errors, []);
      if (!leaf) return ApiError.badRequest('Invalid request body');
      const pointer = `/${leaf.path.join('/')}`;
      const message = leaf.message.replace(/^property (\S+) should not exist$/, 'unknown field "$1"');
      return ApiError.badRequest(`${pointer}: ${message}`, { pointer });
    },
  });
}
