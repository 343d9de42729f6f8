import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
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

/** No DTO nests deeper than this; class-transformer recurses, so a deeper body would overflow the stack. */
export const MAX_BODY_DEPTH = 32;

/** Whether a parsed JSON value nests objects/arrays deeper than `limit` (iterative: no recursion). */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' && nestedDeeperThan(value, MAX_BODY_DEPTH))
      throw ApiError.badRequest(`The request body nests deeper than ${MAX_BODY_DEPTH} levels`);
    return super.transform(value, metadata);
  }
}

/**
 * class-validator DTOs; unknown properties are rejected (forbidNonWhitelisted), and the first
 * failure becomes a 400 whose source.pointer names the field, e.g. /spec/display_name.
 */
export function apiValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
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
