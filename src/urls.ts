// Notion URLs: https://www.notion.so/<Title-Slug>-<32 hex id> for pages, the bare id otherwise.
export const dashless = (id: string): string => id.replace(/-/g, '');

/** Title words joined by "-", punctuation dropped; a title with no ASCII letters or digits has no slug. */
export function slugOf(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9\s-]/g, '')
    .trim()
    .split(/[\s-]+/)
    .filter(Boolean)
    .join('-');
}

export function pageUrl(urlBase: string, id: string, title: string): string {
  const slug = slugOf(title);
  return slug ? `${urlBase}${slug}-${dashless(id)}` : `${urlBase}${dashless(id)}`;
}
