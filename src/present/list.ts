// The list envelope (https://developers.notion.com/reference/intro#pagination): `type` and an object keyed by it are always present.
export function presentList<T>(type: string, results: T[], nextCursor: string | null, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { object: 'list', results, next_cursor: nextCursor, has_more: nextCursor !== null, type, [type]: extra };
}
