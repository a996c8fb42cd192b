// The token of an `Authorization: Bearer <token>` header, read as Notion reads it: two
// whitespace-separated words, the first `bearer` in any case. The API and the control API share it.
// https://developers.notion.com/reference/authentication

export function bearerToken(header: string | undefined): string | undefined {
  const parts = (header ?? '').trim().split(/\s+/);
  return parts.length === 2 && parts[0]!.toLowerCase() === 'bearer' ? parts[1] : undefined;
}
