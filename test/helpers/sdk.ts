// For tests that drive the official @notionhq/client: rich text as its requests take it, its
// response unions narrowed, and the errors it raises.
import {
  type APIErrorCode,
  APIResponseError,
  isFullPage,
  type PageObjectResponse,
  type PartialPageObjectResponse,
  type RichTextItemResponse,
} from '@notionhq/client';
import { expect } from 'vitest';

/** A rich text request of one plain text item. */
export const text = (content: string) => [{ type: 'text' as const, text: { content } }];

/** The plain text of rich text items. */
export const plain = (rich: RichTextItemResponse[]): string => rich.map((r) => r.plain_text).join('');

export function fullPage(response: PageObjectResponse | PartialPageObjectResponse): PageObjectResponse {
  if (!isFullPage(response)) throw new Error(`expected a full page, got ${JSON.stringify(response)}`);
  return response;
}

/** What the request fails with; it must fail. */
export async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the request to fail');
}

/** The request fails with an APIResponseError of that code and status. */
export async function expectApiError(promise: Promise<unknown>, code: APIErrorCode, status: number): Promise<APIResponseError> {
  const error = await caught(promise);
  expect(APIResponseError.isAPIResponseError(error)).toBe(true);
  const apiError = error as APIResponseError;
  expect({ code: apiError.code, status: apiError.status }).toEqual({ code, status });
  expect(JSON.parse(apiError.body)).toMatchObject({ object: 'error', status, code, request_id: apiError.request_id });
  return apiError;
}
