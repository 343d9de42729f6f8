import { ApiError } from '@libs/api-common';

/** A single-valued query parameter; repeated or non-string values are a 400 naming it. */
export function singleQuery(query: Record<string, unknown>, name: string, required = false): string | undefined {
  const v = query[name];
  if (v === undefined || v === '') {
    if (required) throw new ApiError(400, 'invalid_input', `query parameter ${name} is required`, { parameter: name });
    return undefined;
  }
  if (typeof v !== 'string')
    throw new ApiError(400, 'invalid_input', `query parameter ${name} must be given once`, { parameter: name });
  return v;
}

/** A repeatable query parameter (`display_name=a&display_name=b`). */
export function multiQuery(query: Record<string, unknown>, name: string): string[] | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  const list = Array.isArray(v) ? v : [v];
  if (!list.every((x) => typeof x === 'string'))
    throw new ApiError(400, 'invalid_input', `query parameter ${name} is malformed`, { parameter: name });
  return list as string[];
}
