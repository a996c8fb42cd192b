// NUL characters (U+0000) are taken out of everything a client sends: PostgreSQL text cannot
// hold them, and both stores keep the same text (docs/decisions.md).

/** `value` with every U+0000 removed from its strings and keys. */
export function withoutNul(value: unknown): unknown {
  if (typeof value === 'string') return value.replaceAll('\u0000', '');
  if (Array.isArray(value)) return value.map(withoutNul);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll('\u0000', ''), withoutNul(v)]));
  }
  return value;
}

/** JSON text parsed, without NULs. In JSON they can only come as the escape \u0000, so other texts skip the walk. */
export function parseJsonWithoutNul(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  return text.includes('\\u0000') ? withoutNul(parsed) : parsed;
}
