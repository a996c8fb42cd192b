// The list envelope (spec 4.5): `type` and an object keyed by it are always present.
export function presentList<T>(
  type: string,
  results: T[],
  nextCursor: string | null,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { object: 'list', results, next_cursor: nextCursor, has_more: nextCursor !== null, type, [type]: extra };
}
