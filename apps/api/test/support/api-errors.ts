import assert from 'node:assert/strict';
import { ApiError } from '@libs/api-common';

/** The use case refused with this status (and code, and detail matching `detail`, when given). */
export async function rejectsWith(
  call: Promise<unknown>,
  status: number,
  expect: { code?: string; detail?: RegExp; pointer?: string } = {},
): Promise<ApiError> {
  const e = await call.then(
    () => assert.fail(`expected ${status}, the use case succeeded`),
    (err: unknown) => err,
  );
  assert.ok(e instanceof ApiError, `expected an ApiError, got ${String(e)}`);
  assert.equal(e.status, status, e.detail);
  if (expect.code) assert.equal(e.code, expect.code);
  if (expect.detail) assert.match(e.detail, expect.detail);
  if (expect.pointer) assert.equal(e.options.pointer, expect.pointer);
  return e;
}
