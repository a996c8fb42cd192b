// What the validator's unit tests share: two spellings of one id, and validate() read as a
// failure or a success that fails the test otherwise.
import type { TSchema } from '@sinclair/typebox';
import { validate, type Issue } from './validate.js';

export const DASHED = '5b5c4ea1-0f7f-4a0b-9a8c-0d7f1d5e4a11';
export const DASHLESS = '5b5c4ea10f7f4a0b9a8c0d7f1d5e4a11';

/** The issue `validate` reports; fails the test when the value passes. */
export function issueOf(schema: TSchema, value: unknown, root = 'body'): Issue {
  const result = validate(schema, value, root);
  if (result.ok) throw new Error(`expected ${JSON.stringify(value)} to fail`);
  return result.issue;
}

/** The normalized value; fails the test when the value is rejected. */
export function valueOf(schema: TSchema, value: unknown, root = 'body'): unknown {
  const result = validate(schema, value, root);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(value)} to pass, got ${JSON.stringify(result.issue)}`);
  return result.value;
}
